import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProviderResolver, defaultConfig } from '../../../src/core/index.js';
import { describeNetworkError } from '../../../src/core/providers/networkError.js';
import { sendWithRetry } from '../../../src/core/providers/retry.js';
import { startTestServer } from '../../support/openaiServer.js';

// A request that gets no HTTP answer says where it went, why, and what to check – never
// "connection failed: fetch failed".

const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }], parameters: {} };

test('a refused connection names the host and port, the cause and what to do', async () => {
  const server = await startTestServer();
  const url = server.url;
  await server.close();
  const port = new URL(url).port;
  const providers = createProviderResolver({ config: defaultConfig(), env: { OPENAI_BASE_URL: url, OPENAI_API_KEY: 'sk-sentinel-network-test' } });
  const provider = await providers.get('openai/gpt-4o-mini');
  const error = await sendWithRetry(provider, request, { maxRetries: 0, timeoutMs: 2000 }).then(
    () => assert.fail('the request must fail'),
    (e: Error) => e,
  );
  assert.match(
    error.message,
    new RegExp(
      `^cannot connect to 127\\.0\\.0\\.1:${port}: connection refused \\(nothing is listening there\\) – start the server that should listen there \\(for the examples: npm run local-server\\), or check OPENAI_BASE_URL`,
    ),
  );
  assert.doesNotMatch(error.message, /sk-sentinel|fetch failed/);
});

test('a request with no answer in time says how long it waited and what to change', async () => {
  const server = await startTestServer({ latencyMs: 3000 });
  try {
    const providers = createProviderResolver({ config: defaultConfig(), env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' } });
    const provider = await providers.get('openai/gpt-4o-mini');
    const error = await sendWithRetry(provider, request, { maxRetries: 0, timeoutMs: 1000 }).then(
      () => assert.fail('the request must time out'),
      (e: Error) => e,
    );
    assert.match(error.message, new RegExp(`^no answer from 127\\.0\\.0\\.1:${server.port} within 1 s \\(timeout\\) – raise timeoutMs in prompt-workbench.yml \\(--timeout in the CLI\\)`));
  } finally {
    await server.close();
  }
});

test('DNS, TLS and dropped connections are told apart by the error code in the cause chain', () => {
  const wrapped = (code: string) => ({ message: 'Connection error.', cause: { message: 'fetch failed', cause: { code, message: `${code} details` } } });
  assert.match(
    describeNetworkError(wrapped('ENOTFOUND'), 'https://api.example.invalid/v1', 'acme'),
    /^cannot find the host api\.example\.invalid \(DNS lookup failed, ENOTFOUND\) – check the spelling in providers\.acme\.baseURL/,
  );
  assert.match(
    describeNetworkError(wrapped('SELF_SIGNED_CERT_IN_CHAIN'), 'https://llm.corp:8443/v1', 'corp'),
    /^a secure connection to llm\.corp:8443 failed \(SELF_SIGNED_CERT_IN_CHAIN\) – .*NODE_EXTRA_CA_CERTS/,
  );
  assert.match(describeNetworkError(wrapped('ECONNRESET'), 'http://10.0.0.5:11434/v1', 'ollama'), /^the connection to 10\.0\.0\.5:11434 was dropped before an answer \(ECONNRESET\)/);
  assert.match(
    describeNetworkError(wrapped('ECONNREFUSED'), 'https://models.github.ai/inference', 'github'),
    /^cannot connect to models\.github\.ai: connection refused .* check GITHUB_MODELS_BASE_URL/,
  );
  assert.doesNotMatch(describeNetworkError(wrapped('ECONNREFUSED'), 'https://user:secret@host.example/v1', 'x'), /secret/, 'credentials in a URL are never repeated');
});
