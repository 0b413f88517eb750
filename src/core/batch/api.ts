import os from 'node:os';
import path from 'node:path';
import { InputError } from '../runner.js';
import type { ProviderResolver } from '../providers/registry.js';
import type { BatchApi } from '../providers/types.js';

/** A model's batch API and its endpoint, or a clear error for a provider that has none. */
export async function batchApiFor(model: string, providers: ProviderResolver): Promise<{ api: BatchApi; endpoint: string }> {
  const provider = await providers.get(model);
  if (provider.batch) return { api: provider.batch, endpoint: provider.endpoint };
  const why = provider.noBatch ?? `provider ${provider.name} has no batch API`;
  throw new InputError(`${model}: ${why}; run it without --batch`, []);
}

/** Where a run's batch files are written and downloaded to (removed when the run ends). */
export function batchWorkDir(recordId: string, workDir: string | undefined): string {
  return workDir ?? path.join(os.tmpdir(), 'prompt-workbench-batch', recordId);
}
