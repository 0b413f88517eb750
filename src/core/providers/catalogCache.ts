import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../cache.js';
import type { CatalogModel } from './catalog.js';

// The catalog changes rarely and pickers open often: it is kept a day in the session's cache
// folder, per endpoint. No token is stored – only the endpoint and the models.

export const CATALOG_FILE = 'github-models-catalog.json';
export const CATALOG_MAX_AGE_MS = 24 * 60 * 60 * 1000;

interface CatalogFile {
  version: 1;
  endpoint: string;
  fetchedAt: string;
  models: CatalogModel[];
}

export async function readCatalogCache(cacheDir: string, endpoint: string, now = Date.now()): Promise<CatalogModel[] | undefined> {
  try {
    const file = JSON.parse(await readFile(path.join(cacheDir, CATALOG_FILE), 'utf8')) as CatalogFile;
    if (file.version !== 1 || file.endpoint !== endpoint || !Array.isArray(file.models)) return undefined;
    const age = now - Date.parse(file.fetchedAt);
    return age >= 0 && age < CATALOG_MAX_AGE_MS ? file.models : undefined;
  } catch {
    return undefined; // missing, torn or old: fetch again
  }
}

export async function writeCatalogCache(cacheDir: string, endpoint: string, models: readonly CatalogModel[], now = Date.now()): Promise<void> {
  const file: CatalogFile = { version: 1, endpoint, fetchedAt: new Date(now).toISOString(), models: [...models] };
  await writeFileAtomic(path.join(cacheDir, CATALOG_FILE), JSON.stringify(file));
}
