// The API key never reaches disk or output. Runs use a sentinel key (a unique random string) that
// the test server requires, with the cache on, --verbose, --json and --junit, passing, failing
// and erroring cases and an LLM judge; then the results folder, the cache, the JUnit file, every
// other file in the workspace, the run events, the request log, stdout and stderr are searched for
// the sentinel: zero hits. The server must have received it, so the search is known to work.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { startTestServer, type TestServer } from '../../support/openaiServer.js';
import { runCliProcess } from '../../support/cliProcess.js';
import { coreRun, makeWorkspace, runMain, walkFiles, type TempWorkspace } from '../../support/rsHarness.js';

const SENTINEL = `pw-sentinel-${randomBytes(16).toString('hex')}`;
const KEY_ENV = 'PW_SUITE_SECRET_KEY';

/** The forms a key could be written in: as-is, UTF-16, base64 (Basic auth, data URLs). */
const NEEDLES = [Buffer.from(SENTINEL, 'utf8'), Buffer.from(SENTINEL, 'utf16le'), Buffer.from(Buffer.from(SENTINEL).toString('base64'))];

function hits(haystack: Buffer | string): number {
  const buf = typeof haystack === 'string' ? Buffer.from(haystack) : haystack;
  return NEEDLES.reduce((n, needle) => n + (buf.includes(needle) ? 1 : 0), 0);
}

/** Files under `dir` that contain the sentinel in any form. */
async function filesWithSentinel(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await walkFiles(dir)) if (hits(await readFile(file))) found.push(file);
  return found;
}

const PROMPT = `name: Secret-safe
model: secure/m1
modelParameters:
  temperature: 0
messages:
  - role: user
    content: 'Classify {{ticket}}'
testData:
  - ticket: printer jam
  - ticket: refund please
  - ticket: broken screen
  - ticket: lost password
evaluators:
  - name: mentions the ticket
    string:
      contains: 'printer'
  - name: judge
    llm:
      modelId: secure/judge
      prompt: 'Is this a fine answer? {{completion}}'
      choices:
        - choice: 'yes'
          score: 1
        - choice: 'no'
          score: 0
workbench:
  models: [flaky/m1, wrongkey/m1]
`;

function config(secure: string, flaky: string, wrong: string): string {
  return `providers:
  secure:
    baseURL: ${secure}
    apiKeyEnv: ${KEY_ENV}
  flaky:
    baseURL: ${flaky}
    apiKeyEnv: ${KEY_ENV}
  wrongkey:
    baseURL: ${wrong}
    apiKeyEnv: ${KEY_ENV}
`;
}

describe('security: the API key never reaches disk or output', () => {
  let secure: TestServer;
  let flaky: TestServer;
  let wrong: TestServer;
  let ws: TempWorkspace;
  const env = () => ({ PATH: process.env.PATH, [KEY_ENV]: SENTINEL });

  before(async () => {
    secure = await startTestServer({ requireApiKey: SENTINEL, replies: [{ model: '^judge$', reply: 'yes' }] });
    // Half the requests fail (500s and resets) and are not retried, so errors reach the record and the output.
    flaky = await startTestServer({ requireApiKey: SENTINEL, faults: { rate: 0.5, kinds: ['500', 'reset', 'non-json'], seed: 2 } });
    // This server expects another key: every request is a 401.
    wrong = await startTestServer({ requireApiKey: 'some-other-key' });
    ws = await makeWorkspace({ 'prompt-workbench.yml': config(secure.url, flaky.url, wrong.url), 'secret.prompt.yml': PROMPT });
  });
  after(async () => {
    await Promise.all([secure.close(), flaky.close(), wrong.close()]);
    await ws.cleanup();
  });

  function assertServersGotTheKey(): void {
    for (const server of [secure, flaky, wrong]) {
      const chats = server.requests.filter((r) => r.path === '/v1/chat/completions');
      assert.ok(chats.length > 0, 'requests were sent');
      assert.ok(
        chats.every((r) => r.headers.authorization === `Bearer ${SENTINEL}` && hits(JSON.stringify(r.headers)) > 0),
        'the key was sent, so a search for it can find it',
      );
    }
  }

  async function assertWorkspaceClean(what: string): Promise<void> {
    const files = await walkFiles(ws.root);
    assert.ok(
      files.some((f) => f.includes('.prompt-workbench/cache/')),
      `${what}: the cache was written`,
    );
    assert.ok(
      files.some((f) => f.includes('.prompt-workbench/runs/')),
      `${what}: a run record was written`,
    );
    assert.deepEqual(await filesWithSentinel(ws.root), [], `${what}: files holding the key`);
  }

  it('the search finds a planted sentinel (the check itself works)', async () => {
    await ws.write('.prompt-workbench/canary.txt', `x${SENTINEL}x`);
    await ws.write('.prompt-workbench/canary16.txt', Buffer.from(`x${SENTINEL}x`, 'utf16le'));
    assert.equal((await filesWithSentinel(ws.root)).length, 2);
    await rm(ws.path('.prompt-workbench'), { recursive: true, force: true });
  });

  it('core: run events, request log, run record and cache hold no key (fresh run, then from the cache)', async () => {
    for (const pass of ['fresh', 'cached']) {
      const run = await coreRun({ root: ws.root, prompt: 'secret.prompt.yml', env: env(), settings: { cache: true, maxRetries: 0, concurrency: 4 } });
      const statuses = new Set(run.record.results.map((r) => r.status));
      assert.ok(statuses.has('passed') && statuses.has('failed') && statuses.has('errored'), `a mix of outcomes (${pass}): ${[...statuses]}`);
      assert.ok(
        run.record.results.some((r) => r.error?.kind === 'auth'),
        'the wrong-key provider errors with auth',
      );
      assert.equal(hits(JSON.stringify(run.events)), 0, `${pass}: run events`);
      assert.equal(hits(JSON.stringify(run.requests)), 0, `${pass}: request log`);
      assert.equal(hits(JSON.stringify(run.record)), 0, `${pass}: run record`);
      if (pass === 'cached')
        assert.ok(
          run.record.results.some((r) => r.cacheHit),
          'the second run reads the cache',
        );
    }
    assertServersGotTheKey();
    await assertWorkspaceClean('core');
  });

  it('CLI in-process: --verbose --json --junit output and files hold no key', async () => {
    for (const args of [
      ['--verbose', '--json', '--junit', 'junit.xml'],
      ['--verbose', '--junit', 'junit-human.xml'],
      ['--verbose', '--no-cache'],
    ]) {
      const run = await runMain(['eval', 'secret.prompt.yml', '--retries', '0', ...args], { cwd: ws.root, env: env() });
      assert.equal(run.code, 1, run.stderr);
      assert.ok(run.stderr.includes('secure/m1'), '--verbose logs requests');
      assert.equal(hits(run.stdout), 0, `stdout of ${args.join(' ')}`);
      assert.equal(hits(run.stderr), 0, `stderr of ${args.join(' ')}`);
    }
    assert.match(await ws.read('junit.xml'), /<testsuites/);
    assertServersGotTheKey();
    await assertWorkspaceClean('CLI');
  });

  it('CLI process: real stdout/stderr (warnings, debug output included) hold no key', async () => {
    const runs = [
      await runCliProcess(['eval', 'secret.prompt.yml', '--retries', '0', '--verbose', '--json', '--junit', 'junit-proc.xml'], { cwd: ws.root, env: env() }),
      await runCliProcess(['eval', 'secret.prompt.yml', '--retries', '0', '--verbose', '--no-cache'], { cwd: ws.root, env: { ...env(), PROMPT_WORKBENCH_DEBUG: '1' } }),
      // The SDK's own debug logging, as a user chasing a problem would turn it on.
      await runCliProcess(['eval', 'secret.prompt.yml', '--retries', '0', '--verbose', '--no-cache'], { cwd: ws.root, env: { ...env(), OPENAI_LOG: 'debug' } }),
    ];
    for (const [i, run] of runs.entries()) {
      assert.equal(run.code, 1, run.stderr.slice(0, 2000));
      assert.equal(hits(run.stdout), 0, `stdout of run ${i + 1}`);
      assert.equal(hits(run.stderr), 0, `stderr of run ${i + 1}`);
    }
    assertServersGotTheKey();
    await assertWorkspaceClean('CLI process');
  });
});
