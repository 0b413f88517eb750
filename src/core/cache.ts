import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChatReply, ChatRequest, EmbeddingReply, EmbeddingRequest } from './providers/types.js';

// Responses cached on disk, keyed by a hash of the canonical request: endpoint, model, messages,
// parameters and response format – never the API key or headers, which are not part of the key
// and are never stored.

export interface CacheEntry {
  version: 1;
  key: string;
  createdAt: string;
  endpoint: string;
  model: string;
  reply: ChatReply;
  /** Latency of the original request, for reference. */
  latencyMs: number;
}

export function cacheKey(endpoint: string, request: ChatRequest, repeat = 0): string {
  const canonical = stableStringify({
    endpoint,
    model: request.model,
    messages: request.messages,
    parameters: request.parameters,
    responseFormat: request.responseFormat ?? null,
    jsonSchema: request.jsonSchema ?? null,
    // Repeats must be independent samples, so each repeat index has its own entry.
    repeat,
    // Only when set, so the keys of requests without them stay what they were.
    ...(request.tools?.length ? { tools: request.tools } : {}),
    ...(request.toolChoice !== undefined ? { toolChoice: request.toolChoice } : {}),
    // A streamed answer carries its time to first token; a cached unstreamed one would have none.
    ...(request.stream ? { stream: true } : {}),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** Embeddings: the same folder, a key that can never equal a chat request's (it names its kind). */
export interface EmbeddingCacheEntry {
  version: 1;
  kind: 'embedding';
  key: string;
  createdAt: string;
  endpoint: string;
  model: string;
  reply: EmbeddingReply;
}

export function embeddingCacheKey(endpoint: string, request: EmbeddingRequest): string {
  return createHash('sha256')
    .update(stableStringify({ kind: 'embedding', endpoint, model: request.model, input: request.input }))
    .digest('hex');
}

export async function readEmbeddingCache(dir: string, key: string): Promise<EmbeddingCacheEntry | undefined> {
  try {
    const entry = JSON.parse(await readFile(entryPath(dir, key), 'utf8')) as EmbeddingCacheEntry;
    return entry.version === 1 && entry.kind === 'embedding' && entry.key === key && Array.isArray(entry.reply?.vectors) ? entry : undefined;
  } catch {
    return undefined;
  }
}

export async function writeEmbeddingCache(dir: string, entry: EmbeddingCacheEntry): Promise<void> {
  await writeFileAtomic(entryPath(dir, entry.key), JSON.stringify(entry));
}

export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function entryPath(dir: string, key: string): string {
  return path.join(dir, key.slice(0, 2), `${key}.json`);
}

export async function readCache(dir: string, key: string): Promise<CacheEntry | undefined> {
  try {
    const entry = JSON.parse(await readFile(entryPath(dir, key), 'utf8')) as CacheEntry;
    return entry.version === 1 && entry.key === key ? entry : undefined;
  } catch {
    return undefined; // missing or torn entries are simply misses
  }
}

export async function writeCache(dir: string, entry: CacheEntry): Promise<void> {
  await writeFileAtomic(entryPath(dir, entry.key), JSON.stringify(entry));
}

export async function clearCache(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Write to a temp file and rename over the target, so readers never see a half-written file. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}
