import { embeddingCacheKey, readEmbeddingCache, writeEmbeddingCache } from './cache.js';
import type { ProviderResolver } from './providers/registry.js';
import { withRetries, type RetryOptions } from './providers/retry.js';
import { RequestError } from './providers/types.js';
import type { EmbedCall, EmbedRequest } from './evaluators/types.js';

// Embeddings for `similar` evaluators: the model's provider, the response cache, retries and the
// request log, as for chat requests. Embedding calls are not priced (their price is a small
// fraction of a chat request's and the bundled price list has none).

/** One line of the request log (the runner's RequestLogEntry with purpose "embed"). */
export interface EmbedLogEntry {
  model: string;
  caseId: string;
  repeat: number;
  purpose: 'embed';
  outcome: 'ok' | 'cache' | 'error';
  inputTokens?: number;
  latencyMs: number;
  attempts: number;
  error?: string;
}

export interface EmbedSettings {
  providers: ProviderResolver;
  cache: boolean;
  cacheDir: string;
  maxRetries: number;
  timeoutMs: number;
  signal?: AbortSignal;
  retry?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'random'>;
  onRequest?: (entry: EmbedLogEntry) => void;
}

export function createEmbedder(settings: EmbedSettings, about: { caseId: string; repeat: number }): (request: EmbedRequest) => Promise<EmbedCall> {
  return async (request) => {
    const provider = await settings.providers.get(request.model);
    const embed = provider.embed?.bind(provider);
    if (!embed) throw new RequestError({ kind: 'config', message: `provider "${provider.name}" offers no embeddings`, retryable: false });
    const log = { ...about, model: request.model, purpose: 'embed' as const };
    const key = settings.cache ? embeddingCacheKey(provider.endpoint, request) : undefined;
    const hit = key ? await readEmbeddingCache(settings.cacheDir, key) : undefined;
    if (hit) {
      settings.onRequest?.({ ...log, outcome: 'cache', inputTokens: hit.reply.inputTokens, latencyMs: 0, attempts: 0 });
      return { model: request.model, vectors: hit.reply.vectors, inputTokens: hit.reply.inputTokens, cacheHit: true, latencyMs: 0 };
    }
    const started = performance.now();
    try {
      const { attempts, ...reply } = await withRetries((options) => embed(request, options), {
        maxRetries: settings.maxRetries,
        timeoutMs: settings.timeoutMs,
        signal: settings.signal,
        ...settings.retry,
      });
      const latencyMs = Math.round(performance.now() - started);
      if (key) {
        await writeEmbeddingCache(settings.cacheDir, { version: 1, kind: 'embedding', key, createdAt: new Date().toISOString(), endpoint: provider.endpoint, model: request.model, reply }).catch(
          () => undefined,
        );
      }
      settings.onRequest?.({ ...log, outcome: 'ok', inputTokens: reply.inputTokens, latencyMs, attempts });
      return { model: request.model, vectors: reply.vectors, inputTokens: reply.inputTokens, cacheHit: false, latencyMs };
    } catch (error) {
      const attempts = error instanceof RequestError ? error.attempts : 1;
      settings.onRequest?.({ ...log, outcome: 'error', latencyMs: Math.round(performance.now() - started), attempts, error: (error as Error).message });
      throw error;
    }
  };
}
