import { RequestError, type ChatProvider, type ChatReply, type ChatRequest, type SendOptions } from './types.js';

export interface RetryOptions {
  maxRetries: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** First backoff step; doubles each retry, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this fails the request instead of stalling the run for hours. */
  maxRetryAfterMs?: number;
  random?: () => number;
  onRetry?: (error: RequestError, attempt: number, delayMs: number) => void;
}

/** Exponential backoff with full jitter; a server's Retry-After wins when it gives one. */
export function backoffDelay(attempt: number, error: RequestError, options: RetryOptions): number {
  if (error.info.retryAfterMs !== undefined) return error.info.retryAfterMs;
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 30_000;
  const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
  return ceiling / 2 + (options.random ?? Math.random)() * (ceiling / 2);
}

export function sendWithRetry(provider: ChatProvider, request: ChatRequest, options: RetryOptions): Promise<ChatReply & { attempts: number }> {
  return withRetries((send) => provider.send(request, send), options);
}

/** Any provider call (a chat request, an embeddings request) with the retry rule above. */
export async function withRetries<T extends object>(call: (options: SendOptions) => Promise<T>, options: RetryOptions): Promise<T & { attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw withAttempts(new RequestError({ kind: 'cancelled', message: 'cancelled', retryable: false }), attempt - 1);
    try {
      const reply = await call({ signal: options.signal, timeoutMs: options.timeoutMs });
      return { ...reply, attempts: attempt };
    } catch (thrown) {
      const error = thrown instanceof RequestError ? thrown : new RequestError({ kind: 'network', message: String((thrown as Error)?.message ?? thrown), retryable: true });
      if (!error.info.retryable || attempt > options.maxRetries) throw withAttempts(error, attempt);
      const delay = backoffDelay(attempt, error, options);
      if (delay > (options.maxRetryAfterMs ?? 120_000)) {
        throw withAttempts(new RequestError({ ...error.info, message: `${error.message} (server asks to wait ${Math.round(delay / 1000)} s; giving up)`, retryable: false }), attempt);
      }
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, options.signal);
    }
  }
}

function withAttempts(error: RequestError, attempts: number): RequestError {
  error.attempts = attempts;
  return error;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
