import test from 'node:test';
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../../src/cli/main.js';
import { listRecordFiles, readRecord } from '../../../src/core/index.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

// `eval` reads inline rows from the prompt file as the run goes (prompt/testDataFile.ts). Edited
// under the run, the file's later rows would be read at old offsets: the run stops instead, keeps
// what finished, says why, and does not exit 0.

const rows = Array.from({ length: 1500 }, (_, i) => `  - q: row ${i} ${'x'.repeat(1000)}`).join('\n');
const prompt = `name: Long rows\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: "{{q}}"\ntestData:\n${rows}\n`;

test('eval: a prompt file edited while its rows are read stops the run with exit 2, its finished results kept', async () => {
  const ws = await tempWorkspace({ 'long.prompt.yml': prompt, '.git/HEAD': '' });
  const server = await startTestServer({ latencyMs: 2 });
  const file = path.join(ws.root, 'long.prompt.yml');
  // The first MB of rows is read at the start; the edit lands while those run.
  const edit = setInterval(() => {
    if (server.requests.length < 50) return;
    clearInterval(edit);
    void appendFile(file, '  - q: added under the run\n');
  }, 5);
  try {
    const io = captureIo(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
    const code = await main(['eval', 'long.prompt.yml', '--concurrency', '4', '--no-cache'], io);
    assert.equal(code, 2, io.stdout);
    assert.match(io.stdout, /FAILED: .*long\.prompt\.yml changed while its rows were being read: run again/);
    const [recordFile] = await listRecordFiles(path.join(ws.root, '.prompt-workbench', 'runs'));
    const record = await readRecord(recordFile);
    assert.equal(record.status, 'failed');
    assert.ok(record.results.length >= 50 && record.results.length < 1500, `${record.results.length} results kept`);
    assert.ok(record.results.every((r) => r.status === 'passed'));
  } finally {
    clearInterval(edit);
    await server.close();
    await ws.remove();
  }
});
