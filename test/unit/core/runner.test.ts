import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, countChatFor, loopbackSettings, preparePrompt, runEval, type RunEvent, type RunSettings } from './runnerSupport.js';
import { startTestServer, type TestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';
import { readRecord } from '../../../src/core/record/read.js';

const PROMPT = `name: Capitals
model: openai/gpt-4o-mini
modelParameters:
  temperature: 0
messages:
  - role: system
    content: Answer with the city only.
  - role: user
    content: "Capital of {{country}}?"
evaluators:
  - name: right city
    string:
      contains: "{{expected}}"
workbench:
  dataset: cases.jsonl
`;
const CASES = ['France,Paris', 'Japan,Tokyo', 'Peru,Lima', 'Chad,Ndjamena'].map((l) => {
  const [country, expected] = l.split(',');
  return JSON.stringify({ _id: country.toLowerCase(), country, expected });
});
const REPLIES = [
  { match: 'France', reply: 'Paris' },
  { match: 'Japan', reply: 'Tokyo' },
  { match: 'Peru', reply: 'Cusco' },
  { match: 'Chad', reply: 'Ndjamena' },
];

async function setup(server: TestServer, overrides: Partial<RunSettings> = {}, promptText = PROMPT, checkDiagnostics = true, strict = false) {
  const ws = await tempWorkspace({ 'capitals.prompt.yml': promptText, 'cases.jsonl': CASES.join('\n') + '\n' });
  const prepared = await preparePrompt(ws.file('capitals.prompt.yml'), { workspaceRoot: ws.root, strict });
  if (checkDiagnostics) assert.deepEqual(prepared.diagnostics, []);
  const events: RunEvent[] = [];
  const settings = loopbackSettings(server.url, ws.root, {
    timeoutMs: 2000,
    maxRetries: 2,
    resultsDir: path.join(ws.root, '.prompt-workbench/runs'),
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    writeIntervalMs: 20,
    onEvent: (e: RunEvent) => events.push(e),
    ...overrides,
  });
  const input = { parsed: prepared.parsed, cases: prepared.cases, datasets: prepared.datasets, workspaceRoot: ws.root };
  return { ws, prepared, settings, events, input };
}

test('a run records every case with verdicts, usage, cost and latency, and writes a valid record', async (t) => {
  const server = await startTestServer({ replies: REPLIES });
  t.after(() => server.close());
  const { ws, settings, events, input } = await setup(server);
  t.after(() => ws.remove());
  const record = await runEval(input, settings);
  assert.equal(record.status, 'completed');
  assert.equal(record.results.length, 4);
  const byCase = Object.fromEntries(record.results.map((r) => [r.caseId, r]));
  assert.equal(byCase.france.status, 'passed');
  assert.equal(byCase.peru.status, 'failed');
  assert.equal(byCase.peru.evaluations[0].reason, 'does not contain "Lima"');
  const counted = await countChatFor('openai/gpt-4o-mini', byCase.france.messages);
  assert.equal(byCase.france.usage?.inputTokens, counted.total, 'actual usage from the API equals the pre-run count');
  assert.deepEqual(byCase.france.messages.at(-1), { role: 'user', content: 'Capital of France?' });
  assert.ok(byCase.france.costUsd! > 0);
  assert.deepEqual(record.summary.byModel['openai/gpt-4o-mini'].passed, 3);
  assert.equal(record.summary.passRate, 0.75);
  assert.equal(record.prompt.path, 'capitals.prompt.yml');
  assert.deepEqual(
    record.prompt.datasets.map((d) => d.path),
    ['cases.jsonl'],
  );
  assert.deepEqual(
    record.cases.map((c) => [c.id, c.source.file, c.source.range.start.line]),
    [
      ['france', 'cases.jsonl', 0],
      ['japan', 'cases.jsonl', 1],
      ['peru', 'cases.jsonl', 2],
      ['chad', 'cases.jsonl', 3],
    ],
  );
  const finished = events.at(-1);
  assert.equal(finished?.type, 'finished');
  const onDisk = await readRecord(finished.type === 'finished' ? finished.file! : '');
  assert.equal(onDisk.status, 'completed');
  assert.equal(onDisk.results.length, 4);
  assert.equal(events.filter((e) => e.type === 'result').length, 4);
});

test('the concurrency limit holds at the server', async (t) => {
  const server = await startTestServer({ replies: REPLIES, latencyMs: 40 });
  t.after(() => server.close());
  const { ws, settings, input } = await setup(server, { concurrency: 3 });
  t.after(() => ws.remove());
  await runEval({ ...input, repeat: 4 }, settings);
  assert.equal(server.stats().total, 16);
  assert.equal(server.stats().maxInFlight, 3);
});

test('429 with Retry-After is retried after the advertised delay', async (t) => {
  const server = await startTestServer({ replies: REPLIES, faults: { rate: 1, kinds: ['429'], retryAfterSeconds: 0.3 } });
  t.after(() => server.close());
  const { ws, settings, input } = await setup(server, { concurrency: 1, maxRetries: 1 });
  t.after(() => ws.remove());
  const started = Date.now();
  const run = runEval({ ...input, caseIds: ['france'] }, settings);
  await new Promise((r) => setTimeout(r, 50));
  server.setOptions({ faults: undefined });
  const record = await run;
  assert.equal(record.results[0].status, 'passed');
  assert.equal(record.results[0].attempts, 2);
  const [first, second] = server.requests;
  assert.ok(second.at - first.at >= 290, `retried after ${second.at - first.at} ms`);
  assert.ok(Date.now() - started >= 290);
});

test('errors that outlast retries are errored cases with the reason, never missing rows', async (t) => {
  const server = await startTestServer({ replies: REPLIES, faults: { rate: 1, kinds: ['500'] } });
  t.after(() => server.close());
  const { ws, settings, input } = await setup(server, { maxRetries: 1 });
  t.after(() => ws.remove());
  const record = await runEval(input, settings);
  assert.equal(record.results.length, 4);
  for (const r of record.results) {
    assert.equal(r.status, 'errored');
    assert.equal(r.error?.kind, 'http');
    assert.equal(r.error?.status, 500);
    assert.equal(r.attempts, 2);
  }
  assert.equal(record.summary.errored, 4);
  assert.equal(record.summary.passRate, 0);
});

test('a hung request times out, is retried, and ends as a timeout error', async (t) => {
  const server = await startTestServer({ replies: REPLIES, faults: { rate: 1, kinds: ['hang'] } });
  t.after(() => server.close());
  const { ws, settings, input } = await setup(server, { timeoutMs: 150, maxRetries: 1 });
  t.after(() => ws.remove());
  const record = await runEval({ ...input, caseIds: ['japan'] }, settings);
  assert.equal(record.results[0].status, 'errored');
  assert.equal(record.results[0].error?.kind, 'timeout');
  assert.equal(server.stats().total, 2);
});

test('cancelling aborts in-flight requests, keeps finished cases and records the rest as cancelled', async (t) => {
  const server = await startTestServer({ replies: REPLIES, latencyMs: 300 });
  t.after(() => server.close());
  const controller = new AbortController();
  const { ws, settings, input } = await setup(server, { concurrency: 1, signal: controller.signal });
  t.after(() => ws.remove());
  const run = runEval(input, settings);
  await new Promise((r) => setTimeout(r, 450));
  controller.abort();
  const record = await run;
  assert.equal(record.status, 'cancelled');
  assert.equal(record.results.length, 4);
  assert.equal(record.results.filter((r) => r.status === 'passed').length, 1);
  assert.equal(record.results.filter((r) => r.status === 'cancelled').length, 3);
  assert.equal(server.stats().total, 2, 'the second request was in flight, the others never sent');
  const onDisk = await readRecord(path.join(settings.resultsDir!, `${record.id}.jsonl`));
  assert.equal(onDisk.status, 'cancelled');
});

test('the cache answers identical requests without calling the model and marks hits; repeats are separate samples', async (t) => {
  const server = await startTestServer({ replies: REPLIES });
  t.after(() => server.close());
  const { ws, settings, input } = await setup(server, { cache: true });
  t.after(() => ws.remove());
  await runEval(input, settings);
  assert.equal(server.stats().total, 4);
  const second = await runEval(input, settings);
  assert.equal(server.stats().total, 4);
  assert.ok(second.results.every((r) => r.cacheHit && r.costUsd === 0));
  assert.equal(second.summary.cacheHits, 4);
  await runEval({ ...input, repeat: 2 }, settings);
  assert.equal(server.stats().total, 8, 'repeat #2 of each case is a new request');
  const cacheFiles = await import('node:fs/promises').then((fs) => fs.readdir(settings.cacheDir, { recursive: true }));
  const entries = await Promise.all(cacheFiles.filter((f) => String(f).endsWith('.json')).map((f) => readFile(path.join(settings.cacheDir, String(f)), 'utf8')));
  assert.ok(entries.length >= 8);
  assert.ok(
    entries.every((e) => !e.includes('test-key')),
    'the key is never cached',
  );
});

test('repeats make the pass rate a distribution with a bootstrap interval', async (t) => {
  const server = await startTestServer({ replies: REPLIES });
  t.after(() => server.close());
  const { ws, settings, input } = await setup(server, { concurrency: 4 });
  t.after(() => ws.remove());
  const record = await runEval({ ...input, repeat: 3 }, settings);
  assert.equal(record.results.length, 12);
  assert.deepEqual(new Set(record.results.map((r) => `${r.caseId}#${r.repeat}`)).size, 12);
  const interval = record.summary.passRateInterval!;
  assert.ok(interval[0] <= 0.75 && interval[1] >= 0.75);
});

test('a variable no row provides is sent as written, as gh models does; strict reading stops the run before any request', async (t) => {
  const server = await startTestServer({ replies: REPLIES });
  t.after(() => server.close());
  const withYear = PROMPT.replace('Capital of {{country}}?', 'Capital of {{country}} in {{year}}?');
  const lenient = await setup(server, {}, withYear, false);
  t.after(() => lenient.ws.remove());
  await runEval(lenient.input, lenient.settings);
  const sent = server.requests.map((r) => JSON.stringify((r.body as { messages: unknown }).messages));
  assert.ok(sent.length > 0 && sent.every((m) => m.includes('in {{year}}?')), sent.join('\n'));
  server.reset();
  const strict = await setup(server, {}, withYear, false, true);
  t.after(() => strict.ws.remove());
  await assert.rejects(runEval(strict.input, strict.settings), (error: unknown) => error instanceof InputError && /year/.test(error.diagnostics[0].message));
  assert.equal(server.stats().total, 0);
});

test('json_schema prompts send response_format and parse the output; other publishers need a GitHub token', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const schemaPrompt = `model: openai/gpt-4o-mini
responseFormat: json_schema
jsonSchema: '{"name":"city","strict":true,"schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}}'
messages:
  - role: user
    content: "Capital of {{country}}?"
workbench:
  dataset: cases.jsonl
  models: [openai/gpt-4o-mini, nowhere/model]
  evaluators:
    - name: schema
      jsonSchema: true
`;
  const { ws, settings, input } = await setup(server, {}, schemaPrompt);
  t.after(() => ws.remove());
  const record = await runEval({ ...input, caseIds: ['france'] }, settings);
  const sent = server.requests[0].body as { response_format: { type: string; json_schema: { name: string; strict: boolean } } };
  assert.equal(sent.response_format.type, 'json_schema');
  assert.equal(sent.response_format.json_schema.name, 'city');
  const ok = record.results.find((r) => r.model === 'openai/gpt-4o-mini')!;
  assert.equal(ok.status, 'passed');
  assert.equal(typeof (ok.json as { city: string }).city, 'string');
  const nowhere = record.results.find((r) => r.model === 'nowhere/model')!;
  assert.equal(nowhere.status, 'errored');
  assert.equal(nowhere.error?.kind, 'config');
  // An unconfigured publisher runs on GitHub Models, which needs a GitHub token.
  assert.match(nowhere.error.message, /no GitHub token for GitHub Models/);
});
