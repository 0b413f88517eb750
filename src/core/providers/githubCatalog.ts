import { fetchCatalog, type CatalogModel } from './catalog.js';
import { readCatalogCache, writeCatalogCache } from './catalogCache.js';
import { githubEndpoints } from './githubEndpoints.js';
import { githubTokenOnce } from './githubToken.js';
import { checkKeyDestination } from './keyDestination.js';
import type { ProviderResolverOptions } from './registry.js';
import { GITHUB_PROVIDER } from './route.js';

// GitHub Models' catalog for a session: only with a GitHub token, only where the token may go
// (the same host rule as runs), from the session's cache folder when fetched within a day. Offline
// or refused, the answer is an empty list and why – pickers then show the configured models only.

export type GithubCatalogOptions = Pick<ProviderResolverOptions, 'config' | 'env' | 'allowHosts' | 'resolveKey' | 'gh' | 'githubSession' | 'githubToken' | 'fetch'> & {
  /** The session's cache folder (absolute). */
  cacheDir: string;
  now?: number;
  timeoutMs?: number;
};

export interface CatalogResult {
  models: CatalogModel[];
  from: 'cache' | 'network' | 'none';
  /** Why there are no models, when `from` is none. */
  reason?: string;
}

export async function githubCatalog(options: GithubCatalogOptions): Promise<CatalogResult> {
  const endpoint = githubEndpoints(options.config.providers?.github, options.env).catalog;
  const lookup = options.githubToken ?? githubTokenOnce({ env: options.env, resolveKey: options.resolveKey, gh: options.gh, session: options.githubSession });
  const found = await lookup();
  if (!found) return { models: [], from: 'none', reason: 'no GitHub token' };
  const refusal = found.credential && checkKeyDestination(endpoint, GITHUB_PROVIDER, found.credential, { env: options.env, allowHosts: options.allowHosts });
  if (refusal) return { models: [], from: 'none', reason: refusal };
  const cached = await readCatalogCache(options.cacheDir, endpoint, options.now);
  if (cached) return { models: cached, from: 'cache' };
  try {
    const models = await fetchCatalog({ url: endpoint, token: found.key, fetch: options.fetch, timeoutMs: options.timeoutMs });
    await writeCatalogCache(options.cacheDir, endpoint, models, options.now).catch(() => undefined);
    return { models, from: 'network' };
  } catch (error) {
    return { models: [], from: 'none', reason: `the catalog could not be read: ${(error as Error).message}` };
  }
}
