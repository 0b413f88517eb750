import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import test from 'node:test';
import { createOpenAIProvider } from '../../../src/core/providers/openai.js';
import { requestSignal } from '../../../src/core/providers/requestSignal.js';
import { startTestServer } from '../../support/openaiServer.js';

// A run's signal outlives thousands of requests: each request follows it through a signal of its
// own and lets go of it, so nothing piles up on the run's signal, and aborting the run still
// cancels the request in flight.

/** Signals Node has joined to `signal` through AbortSignal.any (an internal Set of WeakRefs; 0 when absent). */
function dependants(signal: AbortSignal): number {
  const key = Object.getOwnPropertySymbols(signal).find((k) => k.description === 'kDependantSignals');
  const set = key ? (signal as unknown as Record<symbol, Set<unknown> | undefined>)[key] : undefined;
  return set?.size ?? 0;
}

test('requests made with a run-long signal leave no listener on it, and aborting it cancels the one in flight', async () => {
  const server = await startTestServer({ latencyMs: 0 });
  try {
    const provider = createOpenAIProvider({ name: 'openai', config: { baseURL: server.url }, apiKey: 'k', env: {} });
    const run = new AbortController();
    const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }], parameters: {} };
    for (let i = 0; i < 200; i++) await provider.send(request, { signal: run.signal, timeoutMs: 10_000 });
    assert.equal(getEventListeners(run.signal, 'abort').length, 0, 'every request let go of the run signal');
    assert.equal(dependants(run.signal), 0, 'and no signal was joined to it (AbortSignal.any keeps those until the run signal is collected)');

    server.setOptions({ latencyMs: 2000 });
    const pending = provider.send(request, { signal: run.signal, timeoutMs: 10_000 });
    setTimeout(() => run.abort(), 50);
    await assert.rejects(pending, (error: { info?: { kind: string } }) => error.info?.kind === 'cancelled');
  } finally {
    await server.close();
  }
});

test('a request signal of an already aborted run starts aborted', () => {
  const run = new AbortController();
  run.abort(new Error('stop'));
  const scoped = requestSignal(run.signal);
  assert.equal(scoped.signal?.aborted, true);
  scoped.release();
  assert.equal(requestSignal(undefined).signal, undefined);
});
