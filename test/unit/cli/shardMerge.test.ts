import test from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { main } from '../../../src/cli/main.js';
import { readRecord } from '../../../src/core/record/read.js';
import type { RunRecord } from '../../../src/core/record/types.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

// eval --shard i/n on "two machines" and merge give what one unsharded run gives.

const PROMPT = `name: Quiz
model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Capital of {{country}}?"
testData:
${Array.from({ length: 12 }, (_, i) => `  - country: inline-${i}`).join('\n')}
workbench:
  dataset: countries.jsonl
  models: [openai/gpt-4.1]
evaluators:
  - name: knows it
    string:
      contains: capital
`;
const DATASET = Array.from({ length: 9 }, (_, i) => JSON.stringify({ _id: `row-${i}`, country: `listed-${i}` })).join('\n');

async function records(dir: string): Promise<RunRecord[]> {
  return Promise.all((await readdir(dir)).filter((f) => f !== '.gitignore').map((f) => readRecord(`${dir}/${f}`)));
}

/** What must not differ between a merged run and an unsharded one. */
function outcome(record: RunRecord) {
  return {
    cases: record.cases.map((c) => c.id),
    models: record.models,
    repeat: record.options.repeat,
    results: record.results.map((r) => `${r.caseId}|${r.model}|${r.repeat}|${r.status}|${r.output}`).sort(),
    summary: { total: record.summary.total, passed: record.summary.passed, failed: record.summary.failed, passRate: record.summary.passRate, byModel: Object.keys(record.summary.byModel) },
  };
}

test('--shard 1/2 and 2/2, merged, give the same results as one unsharded run (repeats too)', async () => {
  const ws = await tempWorkspace({ 'quiz.prompt.yml': PROMPT, 'countries.jsonl': DATASET, '.git/HEAD': '' });
  const server = await startTestServer({ replies: [{ match: '[02468]\\?$', reply: 'The capital is X' }, { reply: 'No idea' }] });
  try {
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' };
    const run = async (...argv: string[]) => {
      const io = captureIo(ws.root, env);
      const code = await main(['eval', 'quiz.prompt.yml', '--repeat', '2', ...argv], io);
      assert.ok(code === 0 || code === 1, io.stderrText);
      return io;
    };
    const one = await run('--shard', '1/2', '--results-dir', 'shard-1');
    assert.match(one.stdout, /Shard 1\/2 of quiz\.prompt\.yml: \d+ of 21 cases/);
    await run('--shard', '2/2', '--results-dir', 'shard-2');
    await run('--results-dir', 'full', '--no-cache');
    const [s1] = await records(ws.file('shard-1'));
    const [s2] = await records(ws.file('shard-2'));
    const [full] = await records(ws.file('full'));
    assert.ok(s1.cases.length > 0 && s2.cases.length > 0, 'both shards have cases');
    assert.equal(s1.cases.length + s2.cases.length, 21);
    assert.equal(new Set([...s1.cases, ...s2.cases].map((c) => c.id)).size, 21, 'disjoint');

    const merge = captureIo(ws.root, env);
    assert.equal(await main(['merge', 'shard-*', '-o', 'merged.jsonl'], merge), 0, merge.stderrText);
    assert.match(merge.stdout, /Merged 2 records of quiz\.prompt\.yml → merged\.jsonl/);
    const merged = await readRecord(ws.file('merged.jsonl'));
    assert.deepEqual(outcome(merged), outcome(full));
    assert.equal(merged.summary.byModel['openai/gpt-4.1'].passed, full.summary.byModel['openai/gpt-4.1'].passed);
    assert.equal(merged.status, 'completed');
  } finally {
    await server.close();
    await ws.remove();
  }
});

test('merge refuses records of another prompt version (exit 2), and needs a folder for several prompt files', async () => {
  const ws = await tempWorkspace({ 'quiz.prompt.yml': PROMPT, 'countries.jsonl': DATASET, 'other.prompt.yml': PROMPT.replace('Quiz', 'Other'), '.git/HEAD': '' });
  const server = await startTestServer({ replies: [{ reply: 'The capital is X' }] });
  try {
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' };
    await main(['eval', 'quiz.prompt.yml', '--shard', '1/2', '--results-dir', 'a'], captureIo(ws.root, env));
    await ws.write('countries.jsonl', `${DATASET}\n{"_id":"row-new","country":"new"}`);
    await main(['eval', 'quiz.prompt.yml', '--shard', '2/2', '--results-dir', 'b'], captureIo(ws.root, env));
    const refused = captureIo(ws.root, env);
    assert.equal(await main(['merge', 'a', 'b', '-o', 'merged.jsonl'], refused), 2);
    assert.match(
      refused.stderrText,
      /error: cannot merge runs of quiz\.prompt\.yml with different datasets: countries\.jsonl is sha256 [0-9a-f]{12} in a\/[^ ]+\.jsonl and sha256 [0-9a-f]{12} in b\/[^ ]+\.jsonl \(run every shard on the same commit\)/,
    );

    await main(['eval', 'other.prompt.yml', '--results-dir', 'c'], captureIo(ws.root, env));
    const several = captureIo(ws.root, env);
    assert.equal(await main(['merge', 'b', 'c', '-o', 'merged.jsonl'], several), 2);
    assert.match(several.stderrText, /the records cover 2 prompt files \(quiz\.prompt\.yml, other\.prompt\.yml\): pass -o <folder>\//);
    const folder = captureIo(ws.root, env);
    assert.equal(await main(['merge', 'b', 'c', '-o', 'merged/', '--fail-under', '50%'], folder), 0, folder.stderrText);
    assert.equal((await readdir(ws.file('merged'))).length, 2);

    const notRecord = captureIo(ws.root, env);
    assert.equal(await main(['merge', 'countries.jsonl', '-o', 'x.jsonl'], notRecord), 2);
    assert.match(notRecord.stderrText, /error: countries\.jsonl is not (valid JSON|a Prompt Workbench run record)/);
    await ws.write('b/notes.jsonl', '{"not":"a record"}\n');
    const skipped = captureIo(ws.root, env);
    assert.equal(await main(['merge', 'b', '-o', 'b-merged.jsonl'], skipped), 0, skipped.stderrText);
    assert.match(skipped.stderrText, /note: b\/notes\.jsonl is not a run record; left out/);
    assert.equal(await main(['merge', 'b'], captureIo(ws.root, env)), 2, 'no -o');
  } finally {
    await server.close();
    await ws.remove();
  }
});
