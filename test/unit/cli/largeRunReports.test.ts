import test from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../../src/cli/main.js';
import { junitXml } from '../../../src/cli/output/junit.js';
import { ghJsonReports } from '../../../src/cli/output/ghJson.js';
import { listRecordFiles, readRecord } from '../../../src/core/index.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

// `eval` holds only failing results in memory and writes JUnit and gh-json from the record file,
// in case order: the reports must be exactly those of the whole record, with or without --no-record.

const prompt = `name: Capitals\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: "Capital of {{country}}?"\nevaluators:\n  - name: names it\n    string:\n      contains: "{{expected}}"\nworkbench:\n  dataset: cases.csv\n`;
const csv = `country,expected\n${Array.from({ length: 150 }, (_, i) => `Land${i},${i % 3 === 0 ? 'Nowhere' : `Land${i}`}`).join('\n')}\n`;

test('eval --junit and --format gh-json from a run that kept only its failures equal the reports of the whole record', async () => {
  const ws = await tempWorkspace({ 'capitals.prompt.yml': prompt, 'cases.csv': csv, '.git/HEAD': '' });
  // The server echoes the question: a third of the rows expect what it never says, and a seeded share errors.
  const server = await startTestServer({ faults: { rate: 0.1, kinds: ['500'], seed: 3 } });
  try {
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' };
    const args = ['eval', 'capitals.prompt.yml', '--concurrency', '1', '--no-cache', '--retries', '0', '--format', 'gh-json'];

    const recorded = captureIo(ws.root, env);
    const code = await main([...args, '--junit', 'recorded.xml'], recorded);
    assert.equal(code, 1, recorded.stderrText);
    const [file] = await listRecordFiles(path.join(ws.root, '.prompt-workbench', 'runs'));
    const whole = await readRecord(file);
    assert.equal(whole.results.length, 150, 'the record file has every result');
    assert.equal(
      recorded.stdout.trim(),
      ghJsonReports(whole)
        .map((doc) => JSON.stringify(doc, null, 2))
        .join('\n'),
    );
    assert.equal(await readFile(path.join(ws.root, 'recorded.xml'), 'utf8'), await junitXml([{ record: whole }]));

    server.reset();
    const scratch = captureIo(ws.root, env);
    assert.equal(await main([...args, '--no-record', '--junit', 'scratch.xml'], scratch), 1);
    assert.equal(scratch.stdout, recorded.stdout, 'the same seeded replies give the same document');
    const normalise = (xml: string) =>
      xml
        .replace(/timestamp="[^"]*"/g, '')
        .replace(/time="[^"]*"/g, '')
        .replace(/id="[^"]*"/g, '');
    assert.equal(normalise(await readFile(path.join(ws.root, 'scratch.xml'), 'utf8')), normalise(await readFile(path.join(ws.root, 'recorded.xml'), 'utf8')));
    assert.equal((await readdir(path.join(ws.root, '.prompt-workbench', 'runs'))).length, 1, '--no-record leaves no record behind');
  } finally {
    await server.close();
    await ws.remove();
  }
});

test('eval --json of a run that kept only its failures still counts and lists every failure', async () => {
  const ws = await tempWorkspace({ 'capitals.prompt.yml': prompt, 'cases.csv': csv, '.git/HEAD': '' });
  const server = await startTestServer({});
  try {
    const io = captureIo(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
    assert.equal(await main(['eval', 'capitals.prompt.yml', '--no-record', '--json'], io), 1);
    const report = JSON.parse(io.stdout);
    const run = report.runs[0];
    assert.equal(run.summary.total, 150);
    assert.equal(run.summary.failed, 50);
    assert.equal(run.cases ?? run.caseCount, 150);
    assert.equal(run.failures.length, 50, 'every failure listed, in case order');
    assert.deepEqual(
      run.failures.map((f: { caseId: string }) => f.caseId),
      [...run.failures.map((f: { caseId: string }) => f.caseId)].sort((a: string, b: string) => Number(a.split(':').pop()) - Number(b.split(':').pop())),
    );
    assert.equal(run.failuresOmitted, 0);
  } finally {
    await server.close();
    await ws.remove();
  }
});
