// Load: 10,000 cases × 3 models through the built CLI (a child process) against the local server.
// Asserts completeness only (every case × model in the run record, each passed); prints the CLI
// process's peak RSS and the wall time, which are reported, not asserted.
// Runs when PW_LOAD=1 (it takes longer than the rest of the suite together; see PW_LOAD_CASES).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startTestServer, type TestServer } from '../../support/openaiServer.js';
import { peakRssImport, runCliProcess } from '../../support/cliProcess.js';
import { makeWorkspace, providerConfig, resultKey, type TempWorkspace } from '../../support/rsHarness.js';
import type { RunRecord } from '../../../src/core/index.js';
import { readRecord } from '../../../src/core/record/read.js';

const ENABLED = process.env.PW_LOAD === '1';
const CASES = Number(process.env.PW_LOAD_CASES ?? 10_000);
const MODELS = ['load/m1', 'load/m2', 'load/m3'];

const PROMPT = `name: Load
model: ${MODELS[0]}
modelParameters:
  temperature: 0
messages:
  - role: system
    content: Repeat the ticket id.
  - role: user
    content: 'Ticket {{id}}: {{text}}'
evaluators:
  - name: echoes the ticket
    string:
      contains: 'Ticket {{id}}:'
workbench:
  models: [${MODELS.slice(1).join(', ')}]
  dataset: cases.jsonl
`;

describe('reliability: load', { skip: ENABLED ? false : 'set PW_LOAD=1 to run 10,000 cases × 3 models (about a minute)' }, () => {
  let server: TestServer;
  let ws: TempWorkspace;
  before(async () => {
    server = await startTestServer({ recordRequests: false });
    const rows = Array.from({ length: CASES }, (_, i) => JSON.stringify({ _id: `t${i}`, id: i, text: `The printer on floor ${i % 7} is out of toner again (${i}).` }));
    ws = await makeWorkspace({ 'prompt-workbench.yml': providerConfig('load', server.url), 'load.prompt.yml': PROMPT, 'cases.jsonl': rows.join('\n') + '\n' });
  });
  after(async () => {
    await server.close();
    await ws.cleanup();
  });

  it(`${CASES} cases × ${MODELS.length} models complete, every result present`, { timeout: 10 * 60_000 }, async (t) => {
    const rssFile = ws.path('peak-rss.json');
    const started = Date.now();
    const run = await runCliProcess(['eval', 'load.prompt.yml', '--concurrency', '32', '--no-cache', '--json'], {
      cwd: ws.root,
      env: { PATH: process.env.PATH, PW_PEAK_RSS_FILE: rssFile },
      nodeArgs: peakRssImport(),
    });
    const wallMs = Date.now() - started;
    assert.equal(run.signal, null);
    assert.equal(run.code, 0, run.stderr.slice(0, 2000));
    const report = JSON.parse(run.stdout) as { runs: { recordFile: string; summary: RunRecord['summary'] }[] };
    const record = await readRecord(report.runs[0].recordFile);
    assert.equal(record.status, 'completed');
    assert.equal(record.results.length, CASES * MODELS.length);
    assert.equal(new Set(record.results.map(resultKey)).size, CASES * MODELS.length, 'no duplicates');
    assert.equal(record.summary.passed, CASES * MODELS.length, 'every result passed');
    assert.equal(server.stats().total, CASES * MODELS.length, 'one request per case × model');
    const { maxRssKiB } = JSON.parse(await readFile(rssFile, 'utf8')) as { maxRssKiB: number };
    const line = `load: ${CASES} cases × ${MODELS.length} models = ${CASES * MODELS.length} requests in ${(wallMs / 1000).toFixed(1)} s, CLI peak RSS ${(maxRssKiB / 1024).toFixed(0)} MiB (node ${process.version})`;
    t.diagnostic(line);
  });
});
