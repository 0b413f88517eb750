import test from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../../src/cli/main.js';
import { readRecord } from '../../../src/core/record/read.js';
import type { CaseResult, RunRecord } from '../../../src/core/record/types.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer, type TestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';
import { runCliProcess } from '../../support/cliProcess.js';

// eval --batch against the test server's Files + Batches endpoints, over real HTTP: submit → poll →
// results, --no-wait then --resume (in another process), cancel, an error line, an expired batch,
// a split into two batches, a judge phase, and estimate --batch.

const NAMES = ['Ada', 'Bob', 'Cy'];
const PROMPT = `name: Greeter
model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Greet {{name}}"
testData:
${NAMES.map((n) => `  - _id: ${n.toLowerCase()}\n    name: ${n}`).join('\n')}
evaluators:
  - name: names Ada
    string:
      contains: Ada
`;

const JUDGED = `${PROMPT}  - name: judged
    llm:
      modelId: openai/gpt-4o-mini
      prompt: "Is this a greeting? {{completion}}"
      choices:
        - choice: "yes"
          score: 1
        - choice: "no"
          score: 0
`;

interface Setup {
  server: TestServer;
  ws: Awaited<ReturnType<typeof tempWorkspace>>;
  env: NodeJS.ProcessEnv;
}

async function setup(files: Record<string, string> = {}, batch: Parameters<TestServer['setOptions']>[0]['batch'] = {}): Promise<Setup> {
  const ws = await tempWorkspace({ 'greet.prompt.yml': PROMPT, '.git/HEAD': '', ...files });
  const server = await startTestServer({
    batch: { pollsBeforeDone: 1, ...batch },
    replies: [
      { model: 'judge', reply: 'yes' },
      { match: '^Is this', reply: 'yes' },
    ],
  });
  return { server, ws, env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k', GITHUB_TOKEN: 'gh-test' } };
}

async function teardown(s: Setup): Promise<void> {
  await s.server.close();
  await s.ws.remove();
}

async function cli(s: Setup, args: string[]) {
  const io = captureIo(s.ws.root, s.env);
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderrText };
}

async function records(s: Setup): Promise<RunRecord[]> {
  const dir = s.ws.file('.prompt-workbench/runs');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
  // In the order they started (two runs in one second share the id's timestamp).
  const all = await Promise.all(files.map((f) => readRecord(path.join(dir, f))));
  return all.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

const chatRequests = (s: Setup) => s.server.requests.filter((r) => r.path === '/v1/chat/completions').length;
const verdicts = (r: RunRecord) =>
  r.results
    .map((x: CaseResult) => `${x.caseId} ${x.repeat} ${x.status} ${x.output ?? ''} ${x.evaluations.map((e) => `${e.name}=${e.passed}`).join(',')}`)
    .sort()
    .join('\n');

test('eval --batch gives the live run’s verdicts with no chat-completions request, costed at the batch price', async () => {
  const s = await setup();
  try {
    const live = await cli(s, ['eval', 'greet.prompt.yml', '--no-cache']);
    assert.equal(live.code, 1, 'Bob and Cy fail "names Ada"');
    const liveChats = chatRequests(s);
    assert.equal(liveChats, 3);
    const batch = await cli(s, ['eval', 'greet.prompt.yml', '--batch', '--poll', '5']);
    assert.equal(batch.code, 1, batch.err);
    assert.equal(chatRequests(s), liveChats, 'the batch run sent no chat-completions request');
    assert.match(batch.err, /submitted 1 batch \(batch_test\d+\)/);
    assert.match(batch.err, /in_progress/);
    const [liveRecord, batchRecord] = await records(s);
    assert.equal(verdicts(batchRecord), verdicts(liveRecord));
    assert.equal(batchRecord.status, 'completed');
    assert.deepEqual(batchRecord.options.batch, { judges: 'batch', models: ['openai/gpt-4o-mini'] });
    assert.equal(batchRecord.batch?.jobs.length, 1);
    assert.equal(batchRecord.batch?.jobs[0].status, 'completed');
    for (const r of batchRecord.results) {
      const live = liveRecord.results.find((l) => l.caseId === r.caseId)!;
      assert.ok(r.batch?.id, 'a batch answer says which batch answered it');
      assert.ok(Math.abs(r.costUsd! * 2 - live.costUsd!) < 1e-12, `half the live cost: ${r.costUsd} vs ${live.costUsd}`);
    }
    const upload = s.server.requests.find((r) => r.path === '/v1/files');
    assert.ok(upload, 'the JSONL went up through files.create');
    assert.equal(s.server.requests.filter((r) => r.path === '/v1/batches').length, 1);
  } finally {
    await teardown(s);
  }
});

test('--no-wait submits and exits 0 with the record path; --resume in another process gives the same record', async () => {
  const s = await setup({}, { pollsBeforeDone: 2 });
  try {
    const submitted = await runCliProcess(['eval', 'greet.prompt.yml', '--batch', '--no-wait'], { cwd: s.ws.root, env: { PATH: process.env.PATH, ...s.env } });
    assert.equal(submitted.code, 0, submitted.stderr);
    const match = /Collect its results with: prompt-workbench eval --resume (\S+)/.exec(submitted.stdout);
    assert.ok(match, submitted.stdout);
    const pending = await readRecord(s.ws.file(match[1]));
    assert.equal(pending.status, 'pending');
    assert.equal(pending.results.length, 0);
    assert.equal(pending.batch?.jobs[0].status, 'in_progress', 'looked at once before exiting');
    assert.equal(pending.cases.length, 3, 'the cases are in the record from the start');

    const resumed = await runCliProcess(['eval', '--resume', match[1], '--poll', '5'], { cwd: s.ws.root, env: { PATH: process.env.PATH, ...s.env } });
    assert.equal(resumed.code, 1, resumed.stderr);
    assert.match(resumed.stdout, /Run record: /);
    const done = await readRecord(s.ws.file(match[1]));
    assert.equal(done.status, 'completed');
    assert.equal(done.results.length, 3);
    assert.equal(chatRequests(s), 0);

    // The same record as a run that waited.
    const waited = await cli(s, ['eval', 'greet.prompt.yml', '--batch', '--poll', '5']);
    assert.equal(waited.code, 1);
    const all = await records(s);
    const other = all.find((r) => r.id !== done.id)!;
    assert.equal(verdicts(other), verdicts(done));
    assert.equal(other.summary.passed, done.summary.passed);
    assert.equal(other.summary.costUsd, done.summary.costUsd);

    const again = await cli(s, ['eval', '--resume', match[1]]);
    assert.equal(again.code, 1, 'resuming an ended run reports it again');
  } finally {
    await teardown(s);
  }
});

test('cancel: the batches are cancelled and the run ends with cancelled cases, never missing rows', async () => {
  const s = await setup({}, { pollsBeforeDone: 100, answeredBeforeCancel: 1 });
  try {
    const submitted = await cli(s, ['eval', 'greet.prompt.yml', '--batch', '--no-wait']);
    assert.equal(submitted.code, 0);
    const file = /--resume (\S+)/.exec(submitted.out)![1];
    const cancelled = await cli(s, ['cancel', file]);
    assert.equal(cancelled.code, 0, cancelled.err);
    assert.match(cancelled.out, /batch_test\d+: cancelling/);
    const resumed = await cli(s, ['eval', '--resume', file, '--poll', '5']);
    const record = await readRecord(s.ws.file(file));
    assert.equal(record.status, 'cancelled', resumed.err);
    assert.equal(record.results.length, 3);
    assert.equal(record.results.filter((r) => r.status === 'cancelled').length, 2);
    assert.match(record.results.find((r) => r.status === 'cancelled')!.error!.message, /was cancelled before this request ran/);
    assert.equal((await cli(s, ['cancel', file])).code, 2, 'an ended run cannot be cancelled');
  } finally {
    await teardown(s);
  }
});

test('an error line and an expired batch become errored cases with the provider’s message', async () => {
  const s = await setup({}, { errorMatch: 'Bob' });
  try {
    await cli(s, ['eval', 'greet.prompt.yml', '--batch', '--poll', '5']);
    s.server.setOptions({ batch: { pollsBeforeDone: 1, expire: { answered: 1 } } });
    await cli(s, ['eval', 'greet.prompt.yml', '--batch', '--poll', '5']);
    const [withError, expired] = await records(s);
    assert.equal(withError.results.length, 3);
    const bob = withError.results.find((r) => r.caseId === 'bob')!;
    assert.equal(bob.status, 'errored');
    assert.match(bob.error!.message, /400 This request was refused by the test server/);
    assert.equal(withError.results.find((r) => r.caseId === 'ada')!.status, 'passed');

    assert.equal(expired.results.length, 3);
    assert.equal(expired.batch?.jobs[0].status, 'expired');
    const errored = expired.results.filter((r) => r.status === 'errored');
    assert.equal(errored.length, 2);
    assert.match(errored[0].error!.message, /batch_expired: This request could not be executed before the completion window expired/);
  } finally {
    await teardown(s);
  }
});

test('a run over the provider’s per-batch request limit is split into several batches', async () => {
  const s = await setup({ 'prompt-workbench.yml': 'providers:\n  openai:\n    batchLimits:\n      requests: 2\n' }, { maxRequests: 2 });
  try {
    const run = await cli(s, ['eval', 'greet.prompt.yml', '--batch', '--poll', '5', '--repeat', '2']);
    assert.equal(run.code, 1, run.err);
    assert.match(run.err, /submitted 3 batches/);
    const [record] = await records(s);
    assert.equal(record.batch?.jobs.length, 3);
    assert.deepEqual(
      record.batch?.jobs.map((j) => j.requests),
      [2, 2, 2],
    );
    assert.equal(record.results.length, 6);
    assert.equal(record.results.filter((r) => r.status === 'passed').length, 2, 'Ada, twice');
  } finally {
    await teardown(s);
  }
});

test('LLM judges run as a second batch phase, or live with --batch-judges=live, with the live verdicts', async () => {
  const s = await setup({ 'greet.prompt.yml': JUDGED });
  try {
    await cli(s, ['eval', 'greet.prompt.yml', '--no-cache']);
    const live = chatRequests(s);
    assert.equal(live, 6, '3 answers + 3 judge calls');
    await cli(s, ['eval', 'greet.prompt.yml', '--batch', '--poll', '5']);
    assert.equal(chatRequests(s), live, 'judges went as a batch too');
    await cli(s, ['eval', 'greet.prompt.yml', '--batch', '--poll', '5', '--batch-judges', 'live', '--no-cache']);
    assert.equal(chatRequests(s), live + 3, 'live judges: one request per case');
    const [liveRecord, judgedBatch, judgedLive] = await records(s);
    assert.deepEqual(
      judgedBatch.batch?.jobs.map((j) => j.phase),
      ['cases', 'judges'],
    );
    assert.equal(judgedBatch.batch?.jobs[1].source, judgedBatch.batch?.jobs[0].id);
    assert.equal(verdicts(judgedBatch), verdicts(liveRecord));
    assert.equal(verdicts(judgedLive), verdicts(liveRecord));
    const judged = judgedBatch.results[0].evaluations.find((e) => e.name === 'judged')!;
    assert.equal(judged.passed, true);
  } finally {
    await teardown(s);
  }
});

test('a provider without a batch API is a clear error; estimate --batch prints both prices', async () => {
  const s = await setup();
  try {
    const refused = await cli(s, ['eval', 'greet.prompt.yml', '--batch', '--models', 'meta/Llama-3.3-70B-Instruct']);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /meta\/Llama-3\.3-70B-Instruct: GitHub Models has no batch API; run it without --batch/);
    assert.equal(s.server.requests.length, 0);

    const estimate = await cli(s, ['estimate', 'greet.prompt.yml', '--batch']);
    assert.equal(estimate.code, 0, estimate.err);
    assert.match(estimate.out, /batch cost/);
    assert.match(estimate.out, /As a batch \(eval --batch\): \$\S+ instead of \$\S+/);
    assert.match(estimate.out, /Batch prices: https:\/\/platform\.openai\.com\/docs\/guides\/batch/);
  } finally {
    await teardown(s);
  }
});

test('a resume sends only what is missing: batches the submitting process never created are submitted then', async () => {
  const s = await setup({ 'prompt-workbench.yml': 'providers:\n  openai:\n    batchLimits:\n      requests: 1\n' }, { pollsBeforeDone: 1 });
  try {
    const submitted = await cli(s, ['eval', 'greet.prompt.yml', '--batch', '--no-wait']);
    assert.equal(submitted.code, 0, submitted.err);
    const file = s.ws.file(/--resume (\S+)/.exec(submitted.out)![1]);
    // As if the process had died after creating the first of its three batches.
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    const firstBatch = lines.findIndex((l) => l.startsWith('{"type":"batch",'));
    const firstId = (JSON.parse(lines[firstBatch]) as { id: string }).id;
    await writeFile(file, `${lines.filter((l, i) => i <= firstBatch || !l.startsWith('{"type":"batch",') || l.includes(`"id":"${firstId}"`)).join('\n')}\n`);
    const created = s.server.requests.filter((r) => r.path === '/v1/batches').length;
    assert.equal(created, 3);

    const resumed = await cli(s, ['eval', '--resume', path.relative(s.ws.root, file), '--poll', '5']);
    assert.equal(resumed.code, 1, resumed.err);
    assert.equal(s.server.requests.filter((r) => r.path === '/v1/batches').length, created + 2, 'the two missing batches, not the first again');
    const record = await readRecord(file);
    assert.equal(record.status, 'completed');
    assert.deepEqual(record.results.map((r) => r.caseId).sort(), ['ada', 'bob', 'cy']);
    assert.equal(record.batch?.jobs.length, 3);
    assert.equal(chatRequests(s), 0);
  } finally {
    await teardown(s);
  }
});

test('"batch: true" on a provider in prompt-workbench.yml runs its prompts as batches without --batch', async () => {
  const s = await setup({ 'prompt-workbench.yml': 'providers:\n  openai:\n    batch: true\n' });
  try {
    const run = await cli(s, ['eval', 'greet.prompt.yml', '--poll', '5']);
    assert.equal(run.code, 1, run.err);
    assert.match(run.err, /submitted 1 batch/);
    assert.equal(chatRequests(s), 0);
    const [record] = await records(s);
    assert.equal(record.results.length, 3);
    assert.ok(record.options.batch);
  } finally {
    await teardown(s);
  }
});
