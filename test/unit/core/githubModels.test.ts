// GitHub Models as a built-in provider, against the test server's GitHub-shaped routes over
// loopback: which requests reach it, with which model id and token; org billing; what a 429 or a
// 401 from it says; where the token comes from (environment, a fake `gh` first on PATH).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmod } from 'node:fs/promises';
import path from 'node:path';
import { startTestServer, type TestServer } from '../../support/openaiServer.js';
import { coreRun, makeWorkspace, type TempWorkspace } from '../../support/rsHarness.js';
import { createProviderResolver, ghAuthToken, systemGh, type ChatRequest } from '../../../src/core/index.js';
import { defaultConfig, type WorkspaceConfig } from '../../../src/core/workspace/config.js';

const TOKEN = 'ghs_testGithubToken0123456789';
const OPENAI_KEY = 'sk-test-openai-key-0123456789';

function prompt(models: string[]): string {
  return `name: Hello
model: ${models[0]}
messages:
  - role: user
    content: "Say hi to {{name}}"
testData:
  - _id: ada
    name: Ada
evaluators:
  - name: echoes
    string:
      contains: Ada
${models.length > 1 ? `workbench:\n  models: [${models.join(', ')}]\n` : ''}`;
}

function githubConfig(server: TestServer, extra = ''): string {
  return `providers:\n  github:\n    baseURL: ${server.githubURL}\n${extra}`;
}

const request = (model: string): ChatRequest => ({ model, messages: [{ role: 'user', content: 'hi' }], parameters: {} });

function configWith(providers: WorkspaceConfig['providers']): WorkspaceConfig {
  return { ...defaultConfig(), providers };
}

describe('GitHub Models provider', () => {
  let server: TestServer;
  let ws: TempWorkspace;

  before(async () => {
    server = await startTestServer({ requireApiKey: TOKEN });
    ws = await makeWorkspace({ 'prompt-workbench.yml': githubConfig(server) });
  });
  after(async () => {
    await server.close();
    await ws.cleanup();
  });

  it('meta/… and openai/… reach GitHub Models with the full id and Bearer $GITHUB_TOKEN when only GITHUB_TOKEN is set', async () => {
    server.reset();
    await ws.write('hello.prompt.yml', prompt(['meta/Llama-3.3-70B-Instruct', 'openai/gpt-4.1-mini']));
    const run = await coreRun({ root: ws.root, prompt: 'hello.prompt.yml', env: { GITHUB_TOKEN: TOKEN } });
    assert.deepEqual(
      run.record.results.map((r) => [r.model, r.status]).sort(),
      [
        ['meta/Llama-3.3-70B-Instruct', 'passed'],
        ['openai/gpt-4.1-mini', 'passed'],
      ].sort(),
      'records keep the ids as written',
    );
    const chats = server.requests.filter((r) => r.method === 'POST');
    assert.deepEqual(
      chats.map((r) => r.path),
      ['/inference/chat/completions', '/inference/chat/completions'],
    );
    assert.deepEqual(chats.map((r) => (r.body as { model: string }).model).sort(), ['meta/Llama-3.3-70B-Instruct', 'openai/gpt-4.1-mini']);
    assert.ok(chats.every((r) => r.headers.authorization === `Bearer ${TOKEN}`));
    assert.ok(!JSON.stringify(run.record).includes(TOKEN), 'the token is not in the record');
    const cost = Object.fromEntries(run.record.results.map((r) => [r.model, r.costUsd]));
    assert.equal(cost['meta/Llama-3.3-70B-Instruct'], null, 'no price known: n/a, never $0');
    assert.ok((cost['openai/gpt-4.1-mini'] ?? 0) > 0, "OpenAI's list price, an upper bound");
  });

  it('github:openai/gpt-4.1-mini goes to GitHub Models as openai/gpt-4.1-mini, even with an OpenAI key set', async () => {
    server.reset();
    await ws.write('hello.prompt.yml', prompt(['github:openai/gpt-4.1-mini']));
    const run = await coreRun({ root: ws.root, prompt: 'hello.prompt.yml', env: { GITHUB_TOKEN: TOKEN, OPENAI_API_KEY: OPENAI_KEY } });
    assert.equal(run.record.results[0].model, 'github:openai/gpt-4.1-mini');
    assert.equal(run.record.results[0].status, 'passed');
    assert.equal(server.requests[0].path, '/inference/chat/completions');
    assert.equal((server.requests[0].body as { model: string }).model, 'openai/gpt-4.1-mini');
  });

  it('openai/… goes to OpenAI when OPENAI_API_KEY is set (GitHub token or not); to OPENAI_BASE_URL with the name only', async () => {
    const env = { OPENAI_API_KEY: OPENAI_KEY, GITHUB_TOKEN: TOKEN };
    const resolver = createProviderResolver({ config: configWith({ github: { baseURL: server.githubURL } }), env, gh: null });
    const described = await resolver.describe('openai/gpt-4.1');
    assert.deepEqual(described.route, { provider: 'openai', reason: 'openai-key' });
    assert.equal(described.endpoint, 'https://api.openai.com/v1');
    assert.equal(described.keySource, '$OPENAI_API_KEY');

    const openai = await startTestServer({ requireApiKey: OPENAI_KEY });
    try {
      server.reset();
      const viaBase = createProviderResolver({ config: configWith({ github: { baseURL: server.githubURL } }), env: { ...env, OPENAI_BASE_URL: openai.url }, gh: null });
      await (await viaBase.get('openai/gpt-4.1')).send(request('openai/gpt-4.1'), { timeoutMs: 5000 });
      assert.equal(openai.requests[0].path, '/v1/chat/completions');
      assert.equal((openai.requests[0].body as { model: string }).model, 'gpt-4.1');
      assert.equal(openai.requests[0].headers.authorization, `Bearer ${OPENAI_KEY}`);
      assert.equal(server.requests.length, 0, 'GitHub Models got nothing');
    } finally {
      await openai.close();
    }
  });

  it('org billing sends to /orgs/<org>/inference/chat/completions', async () => {
    server.reset();
    const orgWs = await makeWorkspace({ 'prompt-workbench.yml': githubConfig(server, '    org: acme-corp\n'), 'hello.prompt.yml': prompt(['xai/grok-3-mini']) });
    try {
      const run = await coreRun({ root: orgWs.root, prompt: 'hello.prompt.yml', env: { GH_TOKEN: TOKEN } });
      assert.equal(run.record.results[0].status, 'passed');
      assert.equal(server.requests[0].path, '/orgs/acme-corp/inference/chat/completions');
      assert.equal((server.requests[0].body as { model: string }).model, 'xai/grok-3-mini');
    } finally {
      await orgWs.cleanup();
    }
  });

  it('a 429 names GitHub’s rate-limit headers and honours Retry-After', async () => {
    const limited = await startTestServer({ faults: { rate: 1, kinds: ['429'], retryAfterSeconds: 7 } });
    try {
      const resolver = createProviderResolver({ config: configWith({ github: { baseURL: limited.githubURL } }), env: { GITHUB_TOKEN: TOKEN }, gh: null });
      const provider = await resolver.get('meta/Llama-3.3-70B-Instruct');
      const error = await provider.send(request('meta/Llama-3.3-70B-Instruct'), { timeoutMs: 5000 }).then(
        () => assert.fail('a 429 was expected'),
        (e: unknown) => e as { info: { kind: string; retryAfterMs?: number; retryable: boolean }; message: string },
      );
      assert.equal(error.info.kind, 'rate-limit');
      assert.equal(error.info.retryable, true);
      assert.equal(error.info.retryAfterMs, 7000, 'Retry-After is what the retry waits');
      assert.match(
        error.message,
        /^429 rate limited by GitHub Models \(x-ratelimit-type: UserByMinute, x-ratelimit-remaining-requests: 0, x-ratelimit-remaining-tokens: 39000, x-ratelimit-timeremaining: 7\): .*Please wait 7 seconds/,
      );
    } finally {
      await limited.close();
    }
  });

  it('a 401 from GitHub Models says how to get a token that may use it, naming where the token came from but not the token', async () => {
    const resolver = createProviderResolver({ config: configWith({ github: { baseURL: server.githubURL, org: 'acme' } }), env: { GITHUB_TOKEN: 'ghs_wrongTokenForThisServer0000' }, gh: null });
    const error = await (await resolver.get('meta/x')).send(request('meta/x'), { timeoutMs: 5000 }).then(
      () => assert.fail('a 401 was expected'),
      (e: unknown) => e as { info: { kind: string }; message: string },
    );
    assert.equal(error.info.kind, 'auth');
    assert.match(error.message, /^401 GitHub Models refused the GitHub token from \$GITHUB_TOKEN: /);
    assert.match(error.message, /permissions: models: read/);
    assert.match(error.message, /gh auth refresh/);
    assert.match(error.message, /Models: read/);
    assert.match(error.message, /"acme" also needs GitHub Models enabled/);
    assert.doesNotMatch(error.message, /wrongToken/);
  });

  it('without any GitHub token, GitHub Models cases error with what to do before sending', async () => {
    // A loopback base URL would be sent to without a key; this one is not loopback, and does not
    // resolve: a request would have errored with a network error instead.
    const remote = await makeWorkspace({
      'prompt-workbench.yml': 'providers:\n  github:\n    baseURL: https://models.example.test/inference\n',
      'hello.prompt.yml': prompt(['meta/Llama-3.3-70B-Instruct', 'openai/gpt-4.1-mini']),
    });
    try {
      const run = await coreRun({ root: remote.root, prompt: 'hello.prompt.yml', env: {} });
      const byModel = Object.fromEntries(run.record.results.map((r) => [r.model, r]));
      assert.equal(byModel['meta/Llama-3.3-70B-Instruct'].status, 'errored');
      assert.equal(byModel['meta/Llama-3.3-70B-Instruct'].error!.kind, 'config');
      assert.match(
        byModel['meta/Llama-3.3-70B-Instruct'].error!.message,
        /no GitHub token for GitHub Models: set GITHUB_TOKEN \(in GitHub Actions with "permissions: models: read"\), sign in with "gh auth login"/,
      );
      assert.match(
        byModel['openai/gpt-4.1-mini'].error!.message,
        /no API key for provider "openai": set OPENAI_API_KEY for OpenAI, or provide a GitHub token \(GITHUB_TOKEN, GH_TOKEN or "gh auth login"\) to run it on GitHub Models/,
      );
    } finally {
      await remote.cleanup();
    }
  });

  it('gh auth token is used when no token is in the environment (a fake gh first on PATH)', async () => {
    const bin = await makeWorkspace({ gh: `#!/bin/sh\nif [ "$1 $2" = "auth token" ]; then echo "${TOKEN}"; else echo "unexpected: $*" >&2; exit 1; fi\n` });
    try {
      await chmod(bin.path('gh'), 0o755);
      const env = { PATH: `${bin.root}${path.delimiter}${process.env.PATH ?? ''}` };
      // Called directly through the injectable command…
      assert.equal(await ghAuthToken(systemGh(env)), TOKEN);
      // …and by a run.
      server.reset();
      await ws.write('hello.prompt.yml', prompt(['openai/gpt-4.1-mini']));
      const run = await coreRun({ root: ws.root, prompt: 'hello.prompt.yml', env });
      assert.equal(run.record.results[0].status, 'passed', run.record.results[0].error?.message);
      assert.equal(server.requests[0].headers.authorization, `Bearer ${TOKEN}`);
      const described = await createProviderResolver({ config: configWith({ github: { baseURL: server.githubURL } }), env }).describe('openai/gpt-4.1-mini');
      assert.equal(described.keySource, 'gh auth token');
      assert.deepEqual(described.route, { provider: 'github', reason: 'openai-via-github' });
    } finally {
      await bin.cleanup();
    }
  });

  it('gh that is absent, fails, says something odd or hangs means no token, not an error', async () => {
    const bin = await makeWorkspace({ gh: '#!/bin/sh\nexec sleep 5\n' });
    try {
      await chmod(bin.path('gh'), 0o755);
      assert.equal(await ghAuthToken(systemGh({ PATH: path.join(bin.root, 'nothing-here') })), undefined, 'not installed');
      assert.equal(await ghAuthToken(systemGh({ PATH: bin.root }, 200)), undefined, 'timed out');
      assert.equal(await ghAuthToken(async () => undefined), undefined, 'failed');
      assert.equal(await ghAuthToken(async () => 'You are not logged into any GitHub hosts.\n'), undefined, 'a message is not a token');
      assert.equal(await ghAuthToken(async (args) => (args.join(' ') === 'auth token --hostname github.com' ? ` ${TOKEN}\n` : undefined)), TOKEN);
    } finally {
      await bin.cleanup();
    }
  });
});
