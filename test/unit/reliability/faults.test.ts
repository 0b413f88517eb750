// Reliability under faults: the test server fails 30% of requests with every kind of fault it
// knows, and every case × model × repeat must still end passed, failed or errored, with a reason,
// exactly once; retries must honour Retry-After; errors must say what went wrong.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROSE_REPLY, startTestServer, type FaultKind, type RecordedRequest, type TestServer } from '../../support/openaiServer.js';
import { coreRun, makeWorkspace, providerConfig, resultKey, runMain, type TempWorkspace } from '../../support/rsHarness.js';
import { runCliProcess } from '../../support/cliProcess.js';
import type { CaseResult, RunRecord } from '../../../src/core/index.js';
import { readRecord } from '../../../src/core/record/read.js';

const ALL_KINDS: FaultKind[] = ['429', '500', '503', 'reset', 'hang', 'truncated-stream', 'non-json', 'prose'];
const ERROR_KINDS = new Set(['rate-limit', 'http', 'auth', 'timeout', 'network', 'invalid-response']);

const SCHEMA = JSON.stringify({
  name: 'answer',
  strict: true,
  schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false },
});

function promptText(models: string[], repeat: number): string {
  return [
    'name: Faulty',
    `model: ${models[0]}`,
    'modelParameters:',
    '  temperature: 0',
    'responseFormat: json_schema',
    `jsonSchema: '${SCHEMA}'`,
    'messages:',
    '  - role: system',
    '    content: Answer in JSON.',
    '  - role: user',
    "    content: 'Question number {{n}}'",
    'workbench:',
    '  dataset: cases.jsonl',
    ...(models.length > 1 ? [`  models: [${models.slice(1).join(', ')}]`] : []),
    `  repeat: ${repeat}`,
    '  evaluators:',
    '    - name: matches the schema',
    '      jsonSchema: true',
    '',
  ].join('\n');
}

function casesJsonl(n: number): string {
  return Array.from({ length: n }, (_, i) => JSON.stringify({ _id: `c${i}`, n: i })).join('\n') + '\n';
}

async function faultWorkspace(server: TestServer, cases: number, models: string[], repeat: number, provider: Record<string, unknown> = {}): Promise<TempWorkspace> {
  return makeWorkspace({
    'prompt-workbench.yml': providerConfig('faulty', server.url, provider),
    'faulty.prompt.yml': promptText(models, repeat),
    'cases.jsonl': casesJsonl(cases),
  });
}

function chatRequests(server: TestServer): RecordedRequest[] {
  return server.requests.filter((r) => r.path === '/v1/chat/completions');
}

function bodyKey(r: RecordedRequest): string {
  const body = r.body as { model: string; messages: unknown };
  return `${body.model}|${JSON.stringify(body.messages)}`;
}

/** The invariants every faulted run must keep, whatever the faults were. */
function assertEveryCaseAccountedFor(record: RunRecord, cases: number, models: string[], repeat: number): void {
  const expected = new Set<string>();
  for (let i = 0; i < cases; i++) for (const model of models) for (let r = 0; r < repeat; r++) expected.add(`c${i}|${model}|${r}`);
  const keys = record.results.map(resultKey);
  const duplicates = keys.filter((k, i) => keys.indexOf(k) !== i);
  assert.deepEqual(duplicates, [], 'no case × model × repeat may be recorded twice');
  const missing = [...expected].filter((k) => !keys.includes(k));
  assert.deepEqual(missing, [], 'no case × model × repeat may be missing');
  assert.equal(record.results.length, cases * models.length * repeat);
  assert.deepEqual(new Set(keys), expected);
  for (const r of record.results) {
    const where = `${resultKey(r)} (${r.status})`;
    assert.ok(['passed', 'failed', 'errored'].includes(r.status), `${where}: status must be passed, failed or errored`);
    if (r.status === 'passed') {
      assert.ok(r.evaluations.length > 0 && r.evaluations.every((v) => v.passed && v.reason.length > 0), `${where}: a pass needs passing verdicts with reasons`);
    } else if (r.status === 'failed') {
      const failing = r.evaluations.filter((v) => !v.passed);
      assert.ok(failing.length > 0 && failing.every((v) => v.reason.trim().length > 0), `${where}: a failure needs a failing verdict with a reason`);
      assert.equal(r.error, undefined, `${where}: a failure is not an error`);
    } else {
      assert.ok(r.error, `${where}: an errored result must carry its error`);
      assert.ok(ERROR_KINDS.has(r.error.kind), `${where}: unknown error kind ${r.error.kind}`);
      assert.ok(r.error.message.trim().length > 0, `${where}: the error needs a message`);
      assert.ok(r.attempts >= 1, `${where}: attempts must be counted`);
    }
  }
  const s = record.summary;
  assert.equal(s.total, record.results.length);
  assert.equal(s.passed + s.failed + s.errored, s.total);
  assert.equal(s.passed, record.results.filter((r) => r.status === 'passed').length);
  assert.equal(s.failed, record.results.filter((r) => r.status === 'failed').length);
  assert.equal(s.errored, record.results.filter((r) => r.status === 'errored').length);
}

/** A prose answer to a JSON-schema prompt is a failed jsonSchema verdict that says the output is not JSON. */
function assertProseFails(record: RunRecord, server: TestServer): void {
  const proseAnswered = chatRequests(server).filter((r) => r.fault === 'prose' && r.status === 200).length;
  const proseResults = record.results.filter((r) => r.output === PROSE_REPLY);
  assert.ok(proseAnswered > 0, 'the fault plan should have produced prose answers');
  assert.equal(proseResults.length, proseAnswered, 'every prose answer the server sent is exactly one result');
  for (const r of proseResults) {
    assert.equal(r.status, 'failed', `${resultKey(r)}: prose must fail, not ${r.status}`);
    const verdict = r.evaluations.find((v) => v.kind === 'jsonSchema');
    assert.ok(verdict && !verdict.passed, `${resultKey(r)}: the jsonSchema evaluator must fail`);
    assert.match(verdict.reason, /not (valid )?JSON/i, 'the reason must say the output is not JSON');
    assert.equal(verdict.evaluatorError, undefined, 'prose is a failing answer, not a broken evaluator');
  }
  // The schema sample always validates, so prose is the only way to fail.
  for (const r of record.results.filter((x) => x.status === 'failed')) assert.equal(r.output, PROSE_REPLY, `${resultKey(r)} failed without prose: ${JSON.stringify(r.evaluations)}`);
}

function assertAttemptsMatchServer(record: RunRecord, server: TestServer): void {
  const attempts = record.results.reduce((sum, r) => sum + r.attempts, 0);
  assert.equal(attempts, chatRequests(server).length, 'every request the server saw is an attempt of some result (nothing lost, nothing invented)');
}

describe('reliability: 30% faults of every kind', { concurrency: false }, () => {
  let server: TestServer;
  const workspaces: TempWorkspace[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
    await Promise.all(workspaces.map((w) => w.cleanup()));
  });

  it('non-streaming: 40 cases × 2 models × 2 repeats all end passed, failed or errored, exactly once', async () => {
    server.setOptions({ faults: { rate: 0.3, kinds: ALL_KINDS, retryAfterSeconds: 1, seed: 7 }, latencyMs: 0 });
    server.reset();
    const models = ['faulty/m1', 'faulty/m2'];
    const ws = await faultWorkspace(server, 40, models, 2);
    workspaces.push(ws);
    const { record, file } = await coreRun({ root: ws.root, prompt: 'faulty.prompt.yml', settings: { concurrency: 16, timeoutMs: 1500, maxRetries: 1 } });
    assert.equal(record.status, 'completed');
    assertEveryCaseAccountedFor(record, 40, models, 2);
    const seen = new Set(
      chatRequests(server)
        .map((r) => r.fault)
        .filter(Boolean),
    );
    assert.deepEqual([...seen].sort(), [...ALL_KINDS].sort(), 'the plan must have exercised every fault kind');
    assert.ok(
      record.results.some((r) => r.status === 'errored'),
      'with one retry some cases must exhaust it and error',
    );
    assertProseFails(record, server);
    assertAttemptsMatchServer(record, server);
    // The record on disk is the same story, as valid JSON.
    const onDisk = await readRecord(file!);
    assert.equal(onDisk.status, 'completed');
    assert.deepEqual(onDisk.results.map(resultKey).sort(), record.results.map(resultKey).sort());
    assert.deepEqual(onDisk.summary, record.summary);
  });

  it('streaming provider (stream: true): truncated streams and every other fault still leave no case missing', async () => {
    server.setOptions({ faults: { rate: 0.3, kinds: ALL_KINDS, retryAfterSeconds: 1, seed: 11 }, latencyMs: 0 });
    server.reset();
    const models = ['faulty/m1', 'faulty/m2'];
    const ws = await faultWorkspace(server, 30, models, 2, { stream: true });
    workspaces.push(ws);
    const { record } = await coreRun({ root: ws.root, prompt: 'faulty.prompt.yml', settings: { concurrency: 16, timeoutMs: 1500, maxRetries: 1 } });
    const requests = chatRequests(server);
    assert.ok(
      requests.every((r) => (r.body as { stream?: boolean }).stream === true),
      'the provider must stream',
    );
    assert.ok(
      requests.some((r) => r.fault === 'truncated-stream'),
      'the plan must truncate some streams',
    );
    assert.equal(record.status, 'completed');
    assertEveryCaseAccountedFor(record, 30, models, 2);
    assertProseFails(record, server);
    assertAttemptsMatchServer(record, server);
    // A truncated stream never passes as a (shorter) answer.
    for (const r of record.results.filter((x) => x.status === 'passed')) assert.doesNotThrow(() => JSON.parse(r.output!), `${resultKey(r)} passed with a partial output ${r.output}`);
  });

  it('retries honour Retry-After: the retry of a 429 arrives no sooner than the advertised delay', async () => {
    const retryAfterSeconds = 1;
    server.setOptions({ faults: { rate: 0.3, kinds: ['429'], retryAfterSeconds, seed: 3 }, latencyMs: 0 });
    server.reset();
    const ws = await faultWorkspace(server, 30, ['faulty/m1'], 1);
    workspaces.push(ws);
    // Backoff without Retry-After would be 1–2 ms, so a retry that ignores the header is caught.
    const { record } = await coreRun({ root: ws.root, prompt: 'faulty.prompt.yml', settings: { concurrency: 30, maxRetries: 6, retry: { baseDelayMs: 1, maxDelayMs: 2 } } });
    assertEveryCaseAccountedFor(record, 30, ['faulty/m1'], 1);
    const requests = chatRequests(server);
    const limited = requests.filter((r) => r.fault === '429');
    assert.ok(limited.length >= 3, `expected several 429s, got ${limited.length}`);
    let retried = 0;
    for (const r429 of limited) {
      assert.equal(r429.status, 429);
      const retry = requests.find((r) => r.at >= r429.at && r !== r429 && requests.indexOf(r) > requests.indexOf(r429) && bodyKey(r) === bodyKey(r429));
      if (!retry) {
        // Only a case that used up every attempt may end on a 429 (0.3^7 per case: rare, but possible).
        const n = /Question number (\d+)/.exec(bodyKey(r429))![1];
        const result = record.results.find((r) => r.caseId === `c${n}`)!;
        assert.equal(result.status, 'errored', `c${n}: a 429 that was not retried`);
        assert.equal(result.error?.kind, 'rate-limit');
        assert.equal(result.attempts, 7, `c${n}: a 429 that was not retried before the attempts ran out`);
        continue;
      }
      retried++;
      const gap = retry.at - r429.at;
      assert.ok(gap >= retryAfterSeconds * 1000, `retried after ${gap} ms, before the advertised Retry-After of ${retryAfterSeconds} s`);
    }
    assert.ok(retried >= 3, `expected several retried 429s, got ${retried}`);
    // Every 429 was followed by a retry, so the attempts add up.
    assertAttemptsMatchServer(record, server);
  });

  describe('errored results say which fault it was', () => {
    // Every request faulted with one kind; one retry; the result's error must name the fault. Only
    // the hang test uses a short timeout, so a slow machine cannot turn another fault into a timeout.
    const expectations: [FaultKind, Record<string, unknown>, (r: CaseResult) => void][] = [
      [
        '429',
        {},
        (r) => {
          assert.equal(r.error?.kind, 'rate-limit');
          assert.equal(r.error?.status, 429);
          assert.match(r.error.message, /429/);
        },
      ],
      [
        '500',
        {},
        (r) => {
          assert.equal(r.error?.kind, 'http');
          assert.equal(r.error?.status, 500);
          assert.match(r.error.message, /500/);
        },
      ],
      [
        '503',
        {},
        (r) => {
          assert.equal(r.error?.kind, 'http');
          assert.equal(r.error?.status, 503);
          assert.match(r.error.message, /503/);
        },
      ],
      [
        'reset',
        {},
        (r) => {
          assert.equal(r.error?.kind, 'network');
          assert.match(r.error.message, /ECONNRESET|reset|socket|terminated|connection/i);
        },
      ],
      [
        'hang',
        {},
        (r) => {
          assert.equal(r.error?.kind, 'timeout');
          assert.match(r.error.message, /time/i);
        },
      ],
      [
        'non-json',
        {},
        (r) => {
          assert.equal(r.error?.kind, 'invalid-response');
          assert.match(r.error.message, /JSON/);
        },
      ],
      // A body cut off mid-way: the wording comes from undici ("fetch failed", "aborted"); the kind must
      // say it was the connection or the response, never a cancellation or a pass.
      [
        'truncated-stream',
        {},
        (r) => {
          assert.ok(['invalid-response', 'network'].includes(r.error!.kind), r.error!.kind);
          assert.ok(r.error!.message.trim());
        },
      ],
      [
        'truncated-stream',
        { stream: true },
        (r) => {
          assert.ok(['invalid-response', 'network'].includes(r.error!.kind), r.error!.kind);
          assert.ok(r.error!.message.trim());
        },
      ],
    ];
    for (const [kind, provider, check] of expectations) {
      it(`${kind}${provider.stream ? ' (streaming)' : ''}`, async () => {
        server.setOptions({ faults: { rate: 1, kinds: [kind], retryAfterSeconds: 0.05, seed: 1 }, latencyMs: 0 });
        server.reset();
        const ws = await faultWorkspace(server, 3, ['faulty/m1'], 1, provider);
        workspaces.push(ws);
        const { record } = await coreRun({ root: ws.root, prompt: 'faulty.prompt.yml', settings: { concurrency: 3, timeoutMs: kind === 'hang' ? 300 : 5000, maxRetries: 1 } });
        assertEveryCaseAccountedFor(record, 3, ['faulty/m1'], 1);
        for (const r of record.results) {
          assert.equal(r.status, 'errored', `${resultKey(r)} with every request faulted (${kind})`);
          assert.equal(r.attempts, 2, 'the first try and one retry');
          check(r);
        }
        assertAttemptsMatchServer(record, server);
      });
    }

    it('prose (every answer is prose): failed, not errored, with the jsonSchema reason', async () => {
      server.setOptions({ faults: { rate: 1, kinds: ['prose'], seed: 1 }, latencyMs: 0 });
      server.reset();
      const ws = await faultWorkspace(server, 3, ['faulty/m1'], 1);
      workspaces.push(ws);
      const { record } = await coreRun({ root: ws.root, prompt: 'faulty.prompt.yml', settings: { concurrency: 3, maxRetries: 1 } });
      assertEveryCaseAccountedFor(record, 3, ['faulty/m1'], 1);
      assert.ok(record.results.every((r) => r.status === 'failed' && r.attempts === 1));
      assertProseFails(record, server);
    });
  });

  // On Node 20 (below the package's engines, >= 22) the openai SDK's per-request abort listeners on the
  // CLI's one AbortSignal trip MaxListenersExceededWarning at concurrency > 10; Node 22+ does not warn.
  const supportedNode = Number(process.versions.node.split('.')[0]) >= 22;
  it(
    'CLI process under faults at --concurrency 16: every result reported, and no Node warnings on stderr',
    { skip: supportedNode ? false : `Node ${process.version} is below engines (>= 22)` },
    async () => {
      // Many requests waiting on Retry-After at once, all tied to the CLI's one AbortSignal.
      server.setOptions({ faults: { rate: 0.9, kinds: ['429'], retryAfterSeconds: 0.3, seed: 9 }, latencyMs: 0 });
      server.reset();
      const ws = await faultWorkspace(server, 16, ['faulty/m1'], 1);
      workspaces.push(ws);
      const run = await runCliProcess(['eval', 'faulty.prompt.yml', '--json', '--no-cache', '--retries', '2', '--concurrency', '16'], { cwd: ws.root });
      assert.ok(run.code === 0 || run.code === 1, run.stderr);
      const report = JSON.parse(run.stdout) as { runs: { summary: RunRecord['summary'] }[] };
      assert.equal(report.runs[0].summary.total, 16);
      assert.doesNotMatch(run.stderr, /Warning|\(node:\d+\)/, 'a run must not print Node process warnings (they read like a leak to a user)');
    },
  );

  it('through the CLI: --json reports every result and exits 1, the record holds them all', async () => {
    server.setOptions({ faults: { rate: 0.3, kinds: ALL_KINDS, retryAfterSeconds: 1, seed: 5 }, latencyMs: 0 });
    server.reset();
    const models = ['faulty/m1', 'faulty/m2'];
    const ws = await faultWorkspace(server, 20, models, 1);
    workspaces.push(ws);
    const run = await runMain(['eval', 'faulty.prompt.yml', '--json', '--no-cache', '--retries', '1', '--timeout', '1500', '--concurrency', '16'], { cwd: ws.root });
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as { runs: { status: string; recordFile: string; summary: RunRecord['summary']; failures: unknown[] }[] };
    assert.equal(report.runs.length, 1);
    const [entry] = report.runs;
    assert.equal(entry.status, 'completed');
    assert.equal(entry.summary.total, 40);
    assert.equal(entry.summary.passed + entry.summary.failed + entry.summary.errored, 40);
    assert.equal(entry.failures.length, entry.summary.failed + entry.summary.errored);
    const record = await readRecord(entry.recordFile);
    assertEveryCaseAccountedFor(record, 20, models, 1);
    assertProseFails(record, server);
    assertAttemptsMatchServer(record, server);
  });
});
