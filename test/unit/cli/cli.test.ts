import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const PROMPT = `name: Greeter
model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Greet {{name}}"
testData:
  - _id: ada
    name: Ada
  - _id: bob
    name: Bob
evaluators:
  - name: says hello
    string:
      contains: hello
`;

async function withServer<T>(fn: (env: NodeJS.ProcessEnv) => Promise<T>): Promise<T> {
  const server = await startTestServer({
    replies: [
      { match: 'Ada', reply: 'Hello Ada!' },
      { match: 'Bob', reply: 'Go away' },
    ],
  });
  try {
    return await fn({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
  } finally {
    await server.close();
  }
}

test('--help is complete and exits 0; unknown options exit 2 with a hint', async () => {
  const io = captureIo('/', {});
  assert.equal(await main(['--help'], io), 0);
  for (const flag of ['--models', '--repeat', '--concurrency', '--no-cache', '--fail-under', '--json', '--junit', 'estimate', 'Exit codes']) assert.ok(io.stdout.includes(flag), flag);
  const ci = [
    'compare',
    'merge',
    'comment',
    '--markdown',
    '--summary',
    '--shard',
    '--min-case-pass-rate',
    '--watch',
    '--base-rev',
    '--base-model',
    '--head-model',
    '--fail-on-regression',
    '--alpha',
    '--output',
    '-o,',
  ];
  for (const word of ci) assert.ok(io.stdout.includes(word), word);
  const bad = captureIo('/', {});
  assert.equal(await main(['eval', 'x', '--frobnicate'], bad), 2);
  assert.match(bad.stderrText, /error: Unknown option '--frobnicate'[\s\S]*--help/);
  assert.equal(await main(['eval'], captureIo('/', {})), 2);
});

test('eval: exit 1 on failing cases, a table, failures at file:line, a run record and JUnit', async () => {
  const ws = await tempWorkspace({ 'greet.prompt.yml': PROMPT, '.git/HEAD': '' });
  try {
    await withServer(async (env) => {
      const io = captureIo(ws.root, env);
      const code = await main(['eval', 'greet.prompt.yml', '--junit', 'junit.xml'], io);
      assert.equal(code, 1, io.stderrText);
      assert.match(io.stdout, /openai\/gpt-4o-mini +2 +1 +1 +0 +50\.0%/);
      assert.match(io.stdout, /✗ greet\.prompt\.yml:9 +bob +\[openai\/gpt-4o-mini\]\n +says hello: does not contain "hello"/);
      assert.match(io.stdout, /Run record: \.prompt-workbench\/runs\/\d{8}T\d{6}Z-greet-[0-9a-f]{4}\.json/);
      const runs = (await readdir(path.join(ws.root, '.prompt-workbench/runs'))).filter((f) => f !== '.gitignore');
      assert.equal(runs.length, 1);
      const junit = await readFile(path.join(ws.root, 'junit.xml'), 'utf8');
      assert.match(junit, /<testsuites name="prompt-workbench" tests="2" failures="1" errors="0">/);
      assert.match(junit, /<testcase name="bob"[^>]*file="greet\.prompt\.yml:9"[^>]*>\n +<failure message="says hello: does not contain &quot;hello&quot;"/);
    });
  } finally {
    await ws.remove();
  }
});

test('--fail-under decides the exit code by pass rate; --json prints a machine report only', async () => {
  const ws = await tempWorkspace({ 'greet.prompt.yml': PROMPT, '.git/HEAD': '' });
  try {
    await withServer(async (env) => {
      assert.equal(await main(['eval', '.', '--fail-under', '50%', '--no-record'], captureIo(ws.root, env)), 0);
      assert.equal(await main(['eval', '.', '--fail-under', '0.6', '--no-record'], captureIo(ws.root, env)), 1);
      const io = captureIo(ws.root, env);
      assert.equal(await main(['eval', '.', '--json', '--no-record'], io), 1);
      const report = JSON.parse(io.stdout);
      assert.equal(report.exitCode, 1);
      assert.equal(report.runs[0].prompt, 'greet.prompt.yml');
      assert.equal(report.runs[0].summary.passed, 1);
      assert.deepEqual(
        report.runs[0].failures.map((f: { caseId: string }) => f.caseId),
        ['bob'],
      );
    });
  } finally {
    await ws.remove();
  }
});

test('all passing exits 0; --models overrides the file', async () => {
  const ws = await tempWorkspace({ 'greet.prompt.yml': PROMPT.replace('  - _id: bob\n    name: Bob\n', ''), '.git/HEAD': '' });
  try {
    await withServer(async (env) => {
      const io = captureIo(ws.root, env);
      assert.equal(await main(['eval', 'greet.prompt.yml', '--models', 'openai/gpt-4.1-mini,openai/gpt-4o', '--no-record'], io), 0);
      assert.match(io.stdout, /openai\/gpt-4\.1-mini/);
      assert.match(io.stdout, /openai\/gpt-4o /);
      assert.doesNotMatch(io.stdout, /gpt-4o-mini/);
    });
  } finally {
    await ws.remove();
  }
});

test('bad input exits 2 with file:line:col diagnostics and sends nothing', async () => {
  const ws = await tempWorkspace({ 'bad.prompt.yml': PROMPT.replace('role: user', 'role: robot'), 'nomatch.txt': '', '.git/HEAD': '' });
  try {
    const server = await startTestServer();
    try {
      const io = captureIo(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
      assert.equal(await main(['eval', 'bad.prompt.yml'], io), 2);
      assert.match(io.stderrText, /^bad\.prompt\.yml:4:11: error: messages\[0\]\.role must be one of system, user, assistant \(got "robot"\)$/m);
      assert.doesNotMatch(io.stderrText, /\bat \w+ \(/, 'no stack trace');
      assert.equal(server.stats().total, 0);
      const none = captureIo(ws.root, {});
      assert.equal(await main(['eval', 'missing/*.prompt.yml'], none), 2);
      assert.match(none.stderrText, /no prompt files match "missing\/\*\.prompt\.yml"/);
    } finally {
      await server.close();
    }
  } finally {
    await ws.remove();
  }
});

test('prompt files outside the workspace are refused unless allowed', async () => {
  const outside = await tempWorkspace({ 'greet.prompt.yml': PROMPT });
  const ws = await tempWorkspace({ 'prompt-workbench.yml': 'concurrency: 2\n' });
  try {
    const io = captureIo(ws.root, {});
    assert.equal(await main(['estimate', outside.file('greet.prompt.yml')], io), 2);
    assert.match(io.stderrText, /refused – .* is outside the workspace .*--allow-outside-workspace/);
    const allowed = captureIo(ws.root, {});
    assert.equal(await main(['estimate', outside.file('greet.prompt.yml'), '--allow-outside-workspace'], allowed), 0);
  } finally {
    await outside.remove();
    await ws.remove();
  }
});

test('estimate prints tokens and cost without calling any model; --json is machine-readable', async () => {
  const ws = await tempWorkspace({ 'greet.prompt.yml': PROMPT, '.git/HEAD': '' });
  try {
    const io = captureIo(ws.root, { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    assert.equal(await main(['estimate', 'greet.prompt.yml'], io), 0);
    assert.match(io.stdout, /greet\.prompt\.yml +\(2 cases\): 20 input \+ 512 output tokens/);
    assert.match(io.stdout, /256 \(assumed\)/);
    const json = captureIo(ws.root, {});
    assert.equal(await main(['estimate', 'greet.prompt.yml', '--json', '--repeat', '3'], json), 0);
    const report = JSON.parse(json.stdout);
    assert.equal(report.estimates[0].estimate.models[0].requests, 6);
    assert.equal(report.pricing.asOf, '2025-08-07');
  } finally {
    await ws.remove();
  }
});

test('a workspace config with a key in a header is refused', async () => {
  const ws = await tempWorkspace({
    'greet.prompt.yml': PROMPT,
    'prompt-workbench.yml': 'providers:\n  corp:\n    baseURL: https://llm.example.com/v1\n    headers:\n      Authorization: Bearer sk-live-123\n',
  });
  try {
    const io = captureIo(ws.root, {});
    assert.equal(await main(['estimate', 'greet.prompt.yml'], io), 2);
    assert.match(io.stderrText, /prompt-workbench\.yml:5:22: error: providers\.corp\.headers\.Authorization looks like a secret/);
  } finally {
    await ws.remove();
  }
});
