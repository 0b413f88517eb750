// Re-exports for the runner tests, plus a default workspace config and the run settings of a run
// against the loopback test server.
import path from 'node:path';
import { BUNDLED_PRICING, createProviderResolver, type RunSettings } from '../../../src/core/index.js';
import { defaultConfig } from '../../../src/core/workspace/config.js';

export * from '../../../src/core/index.js';
export const defaultConfigForTests = defaultConfig;

/** Settings of a run against the test server at `serverUrl`: no cache, no record, no retries, unless overridden. */
export function loopbackSettings(serverUrl: string, root: string, overrides: Partial<RunSettings> = {}): RunSettings {
  return {
    providers: createProviderResolver({ config: defaultConfig(), env: { OPENAI_BASE_URL: serverUrl, OPENAI_API_KEY: 'test-key' } }),
    pricing: BUNDLED_PRICING,
    concurrency: 2,
    timeoutMs: 5000,
    maxRetries: 0,
    cache: false,
    cacheDir: path.join(root, '.prompt-workbench/cache'),
    resultsDir: null,
    toolVersion: 'test',
    git: null,
    ...overrides,
  };
}
