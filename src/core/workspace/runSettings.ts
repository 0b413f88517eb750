import { pricingWith } from '../tokens/pricing.js';
import type { RunSettings } from '../runner.js';
import type { WorkspaceSession } from './session.js';

/** What a caller adds to a session's settings: its providers, its hooks, its signal. */
export type RunExtras = Pick<RunSettings, 'providers' | 'toolVersion'> & Partial<Omit<RunSettings, 'providers' | 'toolVersion'>>;

/** The runner's settings in this session; `record: false` runs without writing a record. */
export function runSettings(session: WorkspaceSession, extras: RunExtras, options: { record?: boolean } = {}): RunSettings {
  const config = session.config;
  return {
    pricing: pricingWith(config.pricing),
    concurrency: config.concurrency,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    cache: config.cache,
    cacheDir: session.cacheDir,
    resultsDir: options.record === false ? null : session.resultsDir,
    commitRecords: config.commitRecords,
    judgeModel: config.judgeModel,
    // A row's local images follow the datasets' containment rule.
    files: { boundary: session.boundary, allowOutsideWorkspace: config.allowOutsideWorkspace },
    ...(config.stream ? { stream: true } : {}),
    // Only an override (the CLI's --allow-code, the editor's workspace trust) turns code evaluators on.
    ...(config.allowCode ? { code: { boundary: session.boundary, allowOutsideWorkspace: config.allowOutsideWorkspace } } : {}),
    ...extras,
  };
}
