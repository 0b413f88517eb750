// A cached result keeps the cost and latency it had when produced (issue 18.2): a second run from
// the cache spends $0 but its results, summary and comparison cells carry the first run's figures,
// marked cached – so Compare models straight after a run is not "$0 / $0, no latency".
import test from 'node:test';
import assert from 'node:assert/strict';
import { groupOf, loopbackSettings, preparePrompt, runEval } from './runnerSupport.js';
import { groupCell } from '../../../src/shared/modelsView.js';
import { headerLine } from '../../../src/shared/summaryCards.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const PROMPT = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Capital of {{country}}?"
testData:
  - country: France
  - country: Japan
evaluators:
  - { name: polite, rubric: { criteria: Is polite., model: openai/gpt-4.1-mini } }
`;

test('a run from the cache spends nothing but keeps what its answers and judge replies cost, and their latency', async () => {
  const server = await startTestServer({ replies: [{ model: '^gpt-4\\.1-mini$', reply: '{"reason": "fine", "score": 8}' }, { reply: 'The capital is {{input}}.' }], latencyMs: 40 });
  const ws = await tempWorkspace({ 'p.prompt.yml': PROMPT });
  try {
    const prepared = await preparePrompt(ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
    const settings = loopbackSettings(server.url, ws.root, { cache: true });
    const input = { parsed: prepared.parsed, cases: prepared.cases, datasets: prepared.datasets, workspaceRoot: ws.root };
    const first = await runEval(input, settings);
    const second = await runEval(input, settings);
    assert.equal(server.stats().total, 4, 'two answers and two judge calls, once');
    for (const r of second.results) {
      const before = first.results.find((f) => f.caseId === r.caseId)!;
      assert.ok(r.cacheHit && r.costUsd === 0, 'nothing spent now');
      assert.ok(before.costUsd! > 0 && (before.judgeCostUsd ?? 0) > 0);
      assert.equal(r.cachedCostUsd, before.costUsd, 'answer and judge at what they cost then');
      assert.equal(r.latencyMs, before.latencyMs);
      assert.ok(r.latencyMs >= 40);
    }
    assert.equal(second.summary.costUsd, 0);
    assert.ok(Math.abs(second.summary.cachedCostUsd! - first.summary.costUsd) < 1e-12);
    assert.deepEqual(second.summary.latencyMs, first.summary.latencyMs);
    assert.match(headerLine(second.summary), /^100\.0% · \$0\.\d+ \(cached\) · p50 \d+ ms · p95 \d+ ms$/);
    const cell = groupCell(groupOf(second.results.filter((r) => r.caseId === second.results[0].caseId)));
    assert.match(cell.sub ?? '', /^✓ passed · \d+ ms · \$0\.\d+ \(cached\)$/);
    assert.doesNotMatch(cell.sub ?? '', /\$0 /);
  } finally {
    await server.close();
    await ws.remove();
  }
});
