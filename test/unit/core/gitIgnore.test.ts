// The workbench's folders stay out of Source Control (issue 18.7): after a run in a fresh git
// repository, `git status` offers the prompt file and nothing under .prompt-workbench/ – unless
// prompt-workbench.yml says commitRecords: true, when the run records (never the cache) show up.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { main } from '../../../src/cli/main.js';
import { RECORDS_IGNORE } from '../../../src/core/workspace/gitIgnore.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';
import { captureIo } from '../../support/captureIo.js';

const run = promisify(execFile);

const PROMPT = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Capital of {{country}}?"
testData:
  - country: France
`;

async function untracked(root: string): Promise<string[]> {
  const { stdout } = await run('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root, env: { PATH: process.env.PATH ?? '' } });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3))
    .sort();
}

test('a run leaves git status with the prompt only; commitRecords: true offers the records, never the cache', async () => {
  const server = await startTestServer({ replies: [{ reply: 'Paris' }] });
  const ws = await tempWorkspace({ 'p.prompt.yml': PROMPT });
  try {
    await run('git', ['init', '-q'], { cwd: ws.root });
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' };
    const io = captureIo(ws.root, env);
    assert.equal(await main(['eval', 'p.prompt.yml'], io), 0, io.stderrText);
    assert.deepEqual(await untracked(ws.root), ['p.prompt.yml']);
    assert.equal(await readFile(ws.file('.prompt-workbench/runs/.gitignore'), 'utf8'), RECORDS_IGNORE);

    await writeFile(ws.file('prompt-workbench.yml'), 'commitRecords: true\n');
    const again = captureIo(ws.root, env);
    assert.equal(await main(['eval', 'p.prompt.yml'], again), 0, again.stderrText);
    const files = await untracked(ws.root);
    assert.ok(files.filter((f) => f.startsWith('.prompt-workbench/runs/') && f.endsWith('.jsonl')).length === 2, files.join(', '));
    assert.ok(!files.some((f) => f.startsWith('.prompt-workbench/cache/')), files.join(', '));

    // Someone's own ignore file is theirs: commitRecords neither removes nor rewrites it.
    await writeFile(ws.file('.prompt-workbench/runs/.gitignore'), '*.tmp\n');
    assert.equal(await main(['eval', 'p.prompt.yml'], captureIo(ws.root, env)), 0);
    assert.equal(await readFile(ws.file('.prompt-workbench/runs/.gitignore'), 'utf8'), '*.tmp\n');
  } finally {
    await server.close();
    await ws.remove();
  }
});
