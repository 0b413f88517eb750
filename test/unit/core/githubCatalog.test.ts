// GitHub Models' catalog for the model pickers: fetched with the token from the test server's
// /catalog/models, kept a day in the session's cache folder (without the token), and an empty
// answer with a reason – never a throw – when there is no token, the host is refused or the
// server is gone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_CATALOG, startTestServer, type TestServer } from '../../support/openaiServer.js';
import { makeWorkspace, type TempWorkspace } from '../../support/rsHarness.js';
import { fetchCatalog, githubCatalog } from '../../../src/core/index.js';
import { CATALOG_FILE } from '../../../src/core/providers/catalogCache.js';
import { defaultConfig, type WorkspaceConfig } from '../../../src/core/workspace/config.js';

const TOKEN = 'ghs_catalogToken0123456789abcdef';
const DAY = 24 * 60 * 60 * 1000;

describe('GitHub Models catalog', () => {
  let server: TestServer;
  let ws: TempWorkspace;
  let config: WorkspaceConfig;
  const cacheDir = () => ws.path('.prompt-workbench/cache');

  before(async () => {
    server = await startTestServer({ requireApiKey: TOKEN });
    ws = await makeWorkspace();
    config = { ...defaultConfig(), providers: { github: { baseURL: server.githubURL } } };
  });
  after(async () => {
    await server.close();
    await ws.cleanup();
  });

  it('fetchCatalog reads the list with the token, keeping what a picker shows', async () => {
    server.reset();
    const models = await fetchCatalog({ url: `http://127.0.0.1:${server.port}/catalog/models`, token: TOKEN });
    assert.deepEqual(
      models.map((m) => m.id),
      DEFAULT_CATALOG.map((m) => m.id),
    );
    assert.deepEqual(models[1], {
      id: 'meta/Llama-3.3-70B-Instruct',
      name: 'Llama-3.3-70B-Instruct',
      publisher: 'Meta',
      summary: 'Llama 3.3 70B, instruction tuned.',
      rateLimitTier: 'high',
      maxInputTokens: 128000,
      maxOutputTokens: 4096,
    });
    assert.equal(server.requests[0].headers.authorization, `Bearer ${TOKEN}`);
    await assert.rejects(fetchCatalog({ url: `http://127.0.0.1:${server.port}/catalog/models`, token: 'wrong' }), /answered 401/);
  });

  it('from the network once, then from the session cache for a day; the cache file holds no token', async () => {
    server.reset();
    const now = Date.parse('2026-01-01T00:00:00Z');
    const first = await githubCatalog({ config, env: { GITHUB_TOKEN: TOKEN }, gh: null, cacheDir: cacheDir(), now });
    assert.equal(first.from, 'network');
    assert.equal(first.models.length, 2);
    const second = await githubCatalog({ config, env: { GITHUB_TOKEN: TOKEN }, gh: null, cacheDir: cacheDir(), now: now + DAY - 1000 });
    assert.equal(second.from, 'cache');
    assert.deepEqual(second.models, first.models);
    assert.equal(server.requests.length, 1, 'one request for both');
    const file = await readFile(path.join(cacheDir(), CATALOG_FILE), 'utf8');
    assert.ok(!file.includes(TOKEN));
    assert.match(file, /"endpoint":"http:\/\/127\.0\.0\.1:\d+\/catalog\/models"/);
    const stale = await githubCatalog({ config, env: { GITHUB_TOKEN: TOKEN }, gh: null, cacheDir: cacheDir(), now: now + DAY + 1000 });
    assert.equal(stale.from, 'network', 'a day later it is fetched again');
    assert.equal(server.requests.length, 2);
  });

  it('offline: no models and a reason, no throw', async () => {
    const gone = await startTestServer();
    const goneConfig = { ...defaultConfig(), providers: { github: { baseURL: gone.githubURL } } };
    await gone.close();
    const empty = await makeWorkspace();
    try {
      const result = await githubCatalog({ config: goneConfig, env: { GITHUB_TOKEN: TOKEN }, gh: null, cacheDir: empty.path('cache'), timeoutMs: 2000 });
      assert.deepEqual(result.models, []);
      assert.equal(result.from, 'none');
      assert.match(result.reason ?? '', /the catalog could not be read/);
    } finally {
      await empty.cleanup();
    }
  });

  it('no token: nothing is asked; a host the token may not go to: nothing is asked', async () => {
    server.reset();
    const noToken = await githubCatalog({ config, env: {}, gh: null, cacheDir: ws.path('other-cache') });
    assert.deepEqual(noToken, { models: [], from: 'none', reason: 'no GitHub token' });
    const attacker = await startTestServer({ host: '127.0.0.2' });
    try {
      const attackerConfig = { ...defaultConfig(), providers: { github: { baseURL: attacker.githubURL } } };
      const refused = await githubCatalog({ config: attackerConfig, env: { GITHUB_TOKEN: TOKEN }, gh: null, cacheDir: ws.path('other-cache') });
      assert.equal(refused.from, 'none');
      assert.match(refused.reason ?? '', /not sending \$GITHUB_TOKEN to 127\.0\.0\.2:\d+/);
      assert.equal(attacker.requests.length, 0);
    } finally {
      await attacker.close();
    }
    assert.equal(server.requests.length, 0);
  });
});
