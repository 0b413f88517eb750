// A run killed mid-way (SIGKILL: no handler runs) leaves a run record that is valid JSON with the
// results finished so far, and a re-run with the cache completes the missing cases while the
// finished ones come from the cache without reaching the server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestServer, type TestServer } from '../../support/openaiServer.js';
import { spawnCli } from '../../support/cliProcess.js';
import { makeWorkspace, providerConfig, resultKey, runMain, type TempWorkspace } from '../../support/rsHarness.js';
import type { RunRecord } from '../../../src/core/index.js';
import { parseRunRecord, readRecord } from '../../../src/core/record/read.js';

const CASES = 80;
const PROMPT = `name: Slow
model: slow/m1
messages:
  - role: user
    content: 'Question {{n}} please'
evaluators:
  - name: echoes the number
    string:
      contains: 'Question {{n}} please'
workbench:
  dataset: cases.jsonl
`;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function readRecords(dir: string): Promise<{ file: string; text: string }[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return Promise.all(names.filter((n) => n.endsWith('.jsonl')).map(async (n) => ({ file: path.join(dir, n), text: await readFile(path.join(dir, n), 'utf8') })));
}

describe('reliability: killed mid-run', () => {
  let server: TestServer;
  let ws: TempWorkspace;
  before(async () => {
    server = await startTestServer({ latencyMs: 200 });
    ws = await makeWorkspace({
      'prompt-workbench.yml': providerConfig('slow', server.url),
      'slow.prompt.yml': PROMPT,
      'cases.jsonl': Array.from({ length: CASES }, (_, i) => JSON.stringify({ _id: `c${i}`, n: i })).join('\n') + '\n',
    });
  });
  after(async () => {
    await server.close();
    await ws.cleanup();
  });

  it('SIGKILL leaves a valid record (status running, finished results), and a cached re-run completes only the missing cases', async () => {
    const runs = ws.path('.prompt-workbench/runs');
    const cli = await spawnCli(['eval', 'slow.prompt.yml', '--concurrency', '4'], { cwd: ws.root });
    // Kill as soon as a record with some finished results is on disk (the writer flushes about every second).
    let seen = 0;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      for (const { text } of await readRecords(runs)) {
        try {
          seen = Math.max(seen, parseRunRecord(text, 'record').results.length);
        } catch {
          // a reader may never see a torn record: checked below on the final state
        }
      }
      if (seen >= 4) break;
      await sleep(10);
    }
    assert.ok(seen >= 4, `no record with results appeared; stderr: ${cli.stderr()}`);
    cli.child.kill('SIGKILL');
    const exit = await cli.exited;
    assert.equal(exit.signal, 'SIGKILL', 'the CLI must still have been running when killed (run more cases or more latency)');

    const records = await readRecords(runs);
    assert.equal(records.length, 1, `one run, one record file: ${records.map((r) => r.file).join(', ')}`);
    let killed: RunRecord;
    try {
      killed = parseRunRecord(records[0].text, records[0].file);
    } catch (error) {
      assert.fail(`the record must be readable after SIGKILL: ${(error as Error).message}`);
    }
    assert.equal(killed.schema, 'prompt-workbench/run-record');
    assert.equal(killed.status, 'running', 'a killed run is left as running');
    // Cases are written as they are dispatched: every finished result's case is there.
    const listed = new Set(killed.cases.map((c) => c.id));
    assert.ok(killed.results.every((r) => listed.has(r.caseId)) && listed.size <= CASES, `${listed.size} cases listed`);
    assert.ok(killed.results.length >= 4 && killed.results.length < CASES, `finished ${killed.results.length} of ${CASES}`);
    const finishedKeys = killed.results.map(resultKey);
    assert.equal(new Set(finishedKeys).size, finishedKeys.length, 'no duplicate results');
    for (const r of killed.results) {
      assert.equal(r.status, 'passed', `${resultKey(r)}: ${JSON.stringify(r.error ?? r.evaluations)}`);
      assert.match(r.output!, /^Echo: Question \d+ please$/);
    }
    const finishedCases = new Set(killed.results.map((r) => r.caseId));

    // Re-run with the cache on: the finished cases come from the cache, the rest from the server.
    server.reset();
    const rerun = await runMain(['eval', 'slow.prompt.yml', '--json', '--concurrency', '8'], { cwd: ws.root });
    assert.equal(rerun.code, 0, rerun.stderr);
    const report = JSON.parse(rerun.stdout) as { runs: { recordFile: string }[] };
    const record = await readRecord(report.runs[0].recordFile);
    assert.equal(record.status, 'completed');
    assert.equal(record.results.length, CASES, 'every case is completed by the re-run');
    assert.equal(new Set(record.results.map(resultKey)).size, CASES);
    assert.ok(record.results.every((r) => r.status === 'passed'));
    for (const r of record.results) {
      if (finishedCases.has(r.caseId)) assert.equal(r.cacheHit, true, `${r.caseId} finished before the kill, so it must be a cache hit`);
    }
    const asked = server.requests
      .filter((q) => q.path === '/v1/chat/completions')
      .map((q) => {
        const messages = (q.body as { messages: { content: string }[] }).messages;
        return Number(/Question (\d+)/.exec(messages[messages.length - 1].content)![1]);
      });
    for (const n of asked) assert.ok(!finishedCases.has(`c${n}`), `c${n} finished before the kill but was sent to the server again`);
    const misses = record.results.filter((r) => !r.cacheHit);
    assert.equal(asked.length, misses.length, 'exactly the cache misses reach the server');
    assert.equal(new Set(asked).size, asked.length, 'no case is requested twice');
    assert.deepEqual(new Set(asked.map((n) => `c${n}`)), new Set(misses.map((r) => r.caseId)));
    assert.ok(misses.length > 0, 'some cases had not finished before the kill');
    assert.equal(record.summary.cacheHits, CASES - misses.length);
  });
});
