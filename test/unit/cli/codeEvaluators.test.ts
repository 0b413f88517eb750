// The CLI and code evaluators: refused (exit 2, a positioned error saying why, nothing sent)
// without --allow-code, run with it (and said so in the run header). Also the metrics column and
// the estimate's embedding requests.
import test from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const PROMPT = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Greet {{name}}"
testData:
  - { _id: ada, name: Ada }
  - { _id: bob, name: Bob }
workbench:
  evaluators:
    - name: graded
      javascript: checks/grade.mjs
      metric: politeness
    - name: short
      wordCount: { max: 3 }
      metric: brevity
`;
const GRADE = 'export default (output) => ({ pass: /hello/i.test(output), score: /hello/i.test(output) ? 1 : 0.2, reason: "looked for hello" });\n';

async function withWorkspace(fn: (root: string, env: NodeJS.ProcessEnv, requests: () => number) => Promise<void>): Promise<void> {
  const server = await startTestServer({
    replies: [
      { match: 'Ada', reply: 'Hello Ada!' },
      { match: 'Bob', reply: 'Go away' },
    ],
  });
  const ws = await tempWorkspace({ 'greet.prompt.yml': PROMPT, 'checks/grade.mjs': GRADE, '.git/HEAD': '' });
  try {
    await fn(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' }, () => server.requests.length);
  } finally {
    await server.close();
    await ws.remove();
  }
}

test('--help documents --allow-code', async () => {
  const io = captureIo('/', {});
  assert.equal(await main(['--help'], io), 0);
  assert.match(io.stdout, /--allow-code +Run code evaluators[\s\S]*not a\s+sandbox/);
});

test('without --allow-code a prompt with a javascript evaluator is refused: exit 2, file:line:col and why, nothing sent', async () => {
  await withWorkspace(async (root, env, requests) => {
    const io = captureIo(root, env);
    const code = await main(['eval', 'greet.prompt.yml', '--no-record'], io);
    assert.equal(code, 2, io.stdout);
    assert.match(io.stderrText, /greet\.prompt\.yml:11:7: error: javascript evaluator refused: it runs code from the workspace, so it needs a trusted workspace in VS Code, or --allow-code/);
    assert.match(io.stderrText, /greet\.prompt\.yml: not run because of the errors above/);
    assert.equal(requests(), 0);
    const estimate = captureIo(root, env);
    assert.equal(await main(['estimate', 'greet.prompt.yml'], estimate), 2, 'estimate reads the file the same way');
  });
});

test('with --allow-code the module runs, the header says so, and metrics get a column', async () => {
  await withWorkspace(async (root, env, requests) => {
    const io = captureIo(root, env);
    const code = await main(['eval', 'greet.prompt.yml', '--allow-code', '--no-record'], io);
    assert.equal(code, 1, io.stderrText);
    assert.match(io.stdout, /Runs code \(--allow-code\): checks\/grade\.mjs – in a worker thread with your permissions, not a sandbox/);
    assert.match(io.stdout, /cached +metrics\n/);
    assert.match(io.stdout, /openai\/gpt-4o-mini +2 +1 +1 +0 .* brevity 1\.00 · politeness 0\.60\n/);
    assert.match(io.stdout, /✗ greet\.prompt\.yml:7 +bob .*\n +graded: looked for hello/);
    assert.equal(requests(), 2);
    const json = captureIo(root, env);
    await main(['eval', 'greet.prompt.yml', '--allow-code', '--no-record', '--json'], json);
    const report = JSON.parse(json.stdout) as { runs: { summary: { byModel: Record<string, { metrics: Record<string, { mean: number; count: number }> }> } }[] };
    assert.deepEqual(report.runs[0].summary.byModel['openai/gpt-4o-mini'].metrics, { brevity: { mean: 1, count: 2 }, politeness: { mean: 0.6, count: 2 } });
  });
});

test('estimate counts judge and embedding requests of the new kinds, inside not: too', async () => {
  const prompt = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Greet {{name}}"
testData:
  - { name: Ada }
  - { name: Bob }
  - { name: Cy, _evaluators: [{ name: close, similar: { value: hi } }] }
workbench:
  evaluators:
    - { name: polite, rubric: Is polite. }
    - { name: not rude, not: { rubric: Is rude. } }
    - { name: on topic, similar: { value: "a greeting" } }
`;
  const ws = await tempWorkspace({ 'p.prompt.yml': prompt, '.git/HEAD': '' });
  try {
    const io = captureIo(ws.root, {});
    assert.equal(await main(['estimate', 'p.prompt.yml', '--json'], io), 0, io.stderrText);
    const e = (JSON.parse(io.stdout) as { estimates: { estimate: { judgeRequests: number; embedRequests: number } }[] }).estimates[0].estimate;
    assert.equal(e.judgeRequests, 6);
    assert.equal(e.embedRequests, 4);
    const text = captureIo(ws.root, {});
    await main(['estimate', 'p.prompt.yml'], text);
    // The judges are priced on their own row (rubric's judge is openai/gpt-4o unless named), the embeddings noted.
    assert.match(text.stdout, /\njudge openai\/gpt-4o +o200k_base +≈\d+ +100 \(assumed\) +6 /);
    assert.match(text.stdout, /6 LLM-judge requests[\s\S]*Plus 4 embedding requests \(similar evaluators\), not included above\./);
  } finally {
    await ws.remove();
  }
});
