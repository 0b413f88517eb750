import test from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main.js';
import { decideExit } from '../../../src/cli/commands/eval.js';
import { junitXml } from '../../../src/cli/output/junit.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';
import { makeRecord, type ResultSpec } from '../webviews/records.js';

// --repeat k: pass^k / pass@k per case, the --min-case-pass-rate gate, and flaky cases in JUnit.

const M = 'x/m';
const spec = (caseId: string, pattern: string): ResultSpec[] => [...pattern].map((ch, repeat): ResultSpec => [caseId, M, ch === 'p' ? 'passed' : 'failed', { repeat }]);

test('JUnit marks a flaky case in the failure message and type every consumer shows, plus testcase properties', async () => {
  const record = makeRecord({ models: [M], cases: ['steady', 'flaky', 'broken'], repeat: 3, results: [...spec('steady', 'ppp'), ...spec('flaky', 'pfp'), ...spec('broken', 'fff')] });
  const xml = await junitXml([{ record }]);
  assert.match(
    xml,
    /<testcase name="flaky #2"[^>]*>\n {6}<properties>\n {8}<property name="flaky" value="true"\/>\n {8}<property name="passedRepeats" value="2\/3"\/>\n {6}<\/properties>\n {6}<failure message="flaky \(passed 2 of 3 repeats\): check: nope" type="flaky">/,
  );
  assert.match(xml, /<testcase name="flaky #1"[^>]*>\n {6}<properties>[\s\S]*?<\/properties>\n {6}<system-out>/, 'its passing repeats carry the properties too');
  assert.match(xml, /<testcase name="broken #1"[^>]*>\n {6}<failure message="check: nope" type="evaluator">/, 'failing every repeat is not flaky');
  assert.doesNotMatch(xml, /name="steady #\d"[^>]*>\n {6}<properties>/);
  assert.match(xml, /tests="9" failures="4" errors="0"/, 'counts unchanged: a flaky repeat still failed');
});

test('--min-case-pass-rate replaces "any failure fails"; with --fail-under both gates apply', () => {
  const record = makeRecord({ models: [M], cases: ['a', 'b'], repeat: 5, results: [...spec('a', 'pppff'), ...spec('b', 'ppppp')] });
  assert.equal(decideExit([record], false, false, undefined), 1, 'default: any failure');
  assert.equal(decideExit([record], false, false, undefined, 0.6), 0, '3 of 5 meets 60%');
  assert.equal(decideExit([record], false, false, undefined, 0.8), 1);
  assert.equal(decideExit([record], false, false, 0.95, 0.6), 1, '8/10 is below --fail-under 95%');
  assert.equal(decideExit([record], false, false, 0.8, 0.6), 0);
  assert.equal(decideExit([record], true, false, undefined, 0), 2, 'bad input wins');
});

test('a run that stopped part-way exits 2 whatever its finished results and the gates say (eval, batch, a gated merge)', () => {
  const stopped = {
    ...makeRecord({ models: [M], cases: ['a', 'b'], results: [...spec('a', 'p')] }),
    status: 'failed' as const,
    error: 'tickets.csv changed while its rows were being read: run again',
  };
  assert.equal(decideExit([stopped], false, false, undefined), 2);
  assert.equal(decideExit([stopped], false, false, 0.5), 2, '--fail-under met by what finished');
  assert.equal(decideExit([stopped], false, false, undefined, 0.5), 2, '--min-case-pass-rate met by what finished');
  assert.equal(decideExit([{ ...stopped, status: 'completed' }], false, false, undefined), 0);
  assert.equal(decideExit([stopped], false, true, undefined), 130, 'an interrupted run is reported as interrupted');
});

test('eval --repeat 3: pass^3, pass@3 and flaky cases in the table and --json; the case gate decides the exit code', async () => {
  const prompt = `name: Greeter\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: "Greet {{name}}"\ntestData:\n${Array.from({ length: 6 }, (_, i) => `  - _id: p${i}\n    name: P${i}`).join('\n')}\nevaluators:\n  - name: says hello\n    string:\n      contains: hello\n`;
  const ws = await tempWorkspace({ 'greet.prompt.yml': prompt, '.git/HEAD': '' });
  // A seeded share of replies is prose: with one request at a time, the same ones every run.
  const server = await startTestServer({ replies: [{ reply: 'hello there' }], faults: { rate: 0.3, kinds: ['prose'], seed: 7 } });
  try {
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' };
    const args = ['eval', 'greet.prompt.yml', '--repeat', '3', '--concurrency', '1', '--no-cache', '--no-record'];
    const json = captureIo(ws.root, env);
    await main([...args, '--json', '--min-case-pass-rate', '0.5'], json);
    const report = JSON.parse(json.stdout);
    const perCase = report.runs[0].repeats.cases as Array<{ caseId: string; passed: number; decided: number; flaky: boolean; passAll: boolean }>;
    assert.equal(perCase.length, 6);
    assert.ok(
      perCase.some((c) => c.flaky),
      'the seeded faults make some case flaky',
    );
    const byModel = report.runs[0].repeats.byModel['openai/gpt-4o-mini'];
    assert.equal(byModel.passAll, perCase.filter((c) => c.passAll).length);
    assert.equal(byModel.k, 3);
    const below = perCase.filter((c) => c.passed / c.decided < 0.5).map((c) => c.caseId);
    assert.deepEqual(
      report.casesBelowMinPassRate.map((c: { caseId: string }) => c.caseId),
      below,
    );
    assert.equal(report.exitCode, below.length ? 1 : 0);

    server.reset();
    const table = captureIo(ws.root, env);
    assert.equal(await main([...args, '--min-case-pass-rate', '0'], table), 0, 'every case meets 0%');
    assert.match(table.stdout, /Per case over 3 repeats: pass\^3 = every repeat passed, pass@3 = some repeat passed/);
    assert.match(table.stdout, /model +pass\^3 +pass@3 +flaky/);
    assert.match(table.stdout, /◐ greet\.prompt\.yml:\d+ {2}p\d {2}\[openai\/gpt-4o-mini\] {2}[12]\/3 passed/);
    assert.match(table.stdout, /Every case passed at least 0\.0% of its repeats/);
    server.reset();
    const strict = captureIo(ws.root, env);
    assert.equal(await main([...args, '--min-case-pass-rate', '100%'], strict), 1);
    assert.match(strict.stdout, /\d+ cases? passed fewer than 100\.0% of (its|their) repeats – below --min-case-pass-rate/);
    assert.equal(await main([...args, '--min-case-pass-rate', '1.5'], captureIo(ws.root, env)), 2);
  } finally {
    await server.close();
    await ws.remove();
  }
});
