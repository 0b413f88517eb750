import type { CatalogModel } from '../../core/providers/catalog.js';
import type { WorkspaceSession } from '../../core/workspace/session.js';
import { loadCore } from '../core.js';
import type { Log } from '../log.js';
import type { KeyStore } from '../run/keys.js';
import { readSettings } from '../workspace/sessions.js';
import { allowedHosts } from '../workspace/settings.js';
import { githubSessionToken } from './githubAuth.js';

// GitHub Models' catalog as one more source of models for the pickers (Select Models…, Compare
// Models…). Kept in memory for the session (and by the core on disk for a day); no token, a
// refused host or no network just means no catalog models – logged, never a popup.

const MEMORY_MS = 24 * 60 * 60 * 1000;

export interface ModelCatalog {
  forSession(session: WorkspaceSession): Promise<CatalogModel[]>;
}

export function createModelCatalog(keys: KeyStore, log: Log): ModelCatalog {
  const memory = new Map<string, { at: number; models: CatalogModel[] }>();
  return {
    async forSession(session) {
      const core = await loadCore();
      const key = `${session.cacheDir}\u0000${JSON.stringify(session.config.providers?.github ?? {})}`;
      const kept = memory.get(key);
      if (kept && Date.now() - kept.at < MEMORY_MS) return kept.models;
      const result = await core
        .githubCatalog({
          config: session.config,
          env: process.env,
          allowHosts: allowedHosts(readSettings()),
          resolveKey: (provider) => keys.get(provider),
          githubSession: githubSessionToken,
          cacheDir: session.cacheDir,
        })
        .catch((error: unknown) => ({ models: [], from: 'none' as const, reason: error instanceof Error ? error.message : String(error) }));
      if (result.from === 'none') {
        log.info(`GitHub Models catalog not listed: ${result.reason}`);
        return [];
      }
      memory.set(key, { at: Date.now(), models: result.models });
      return result.models;
    },
  };
}
