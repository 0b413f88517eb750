import { createReadStream, createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import OpenAI, { toStreamingFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { OPENAI_BATCH_LIMITS, RequestError, type BatchApi, type BatchLimits, type BatchLine, type ChatRequest, type RemoteBatch, type SendOptions } from './types.js';

// The batch API of OpenAI and OpenAI-compatible endpoints (Azure OpenAI's /openai/v1, and any server
// that implements /v1/files and /v1/batches), on the same SDK client as the provider's chat requests.

export interface BatchApiSettings {
  client: OpenAI;
  limits?: Partial<BatchLimits>;
  requestBody: (request: ChatRequest) => unknown;
  /** Maps what the SDK threw to a RequestError (classification, redaction, the provider's wording). */
  fail: (error: unknown, options: SendOptions) => never;
}

/** Uploads and downloads move whole files: at least ten minutes, whatever the per-request timeout. */
const TRANSFER_TIMEOUT_MS = 10 * 60_000;

export function createOpenAIBatchApi(settings: BatchApiSettings): BatchApi {
  const { client, fail } = settings;
  const call = (options: SendOptions, timeoutMs = options.timeoutMs) => ({ signal: options.signal, timeout: timeoutMs, maxRetries: 0 });
  const transfer = (options: SendOptions) => call(options, Math.max(options.timeoutMs, TRANSFER_TIMEOUT_MS));
  return {
    limits: { ...OPENAI_BATCH_LIMITS, ...settings.limits },
    requestBody: settings.requestBody,
    async upload(file, options) {
      try {
        // Streamed from disk: the SDK encodes the multipart body lazily, nothing is read up front.
        const upload = toStreamingFile(createReadStream(file), path.basename(file), { type: 'application/jsonl' });
        const created = await client.files.create({ file: upload, purpose: 'batch' }, transfer(options));
        return created.id;
      } catch (error) {
        return fail(error, options);
      }
    },
    async create(inputFileId, metadata, options) {
      try {
        return remoteBatch(await client.batches.create({ input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: '24h', metadata }, call(options)));
      } catch (error) {
        return fail(error, options);
      }
    },
    async retrieve(id, options) {
      try {
        return remoteBatch(await client.batches.retrieve(id, call(options)));
      } catch (error) {
        return fail(error, options);
      }
    },
    async cancel(id, options) {
      try {
        return remoteBatch(await client.batches.cancel(id, call(options)));
      } catch (error) {
        return fail(error, options);
      }
    },
    async download(fileId, toFile, options) {
      try {
        const response = await client.files.content(fileId, transfer(options));
        if (response.body) await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), createWriteStream(toFile));
        else await writeFile(toFile, Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        return fail(error, options);
      }
    },
    parseLine: parseBatchLine,
  };
}

interface OutputLine {
  custom_id?: unknown;
  response?: {
    status_code?: number;
    body?: { choices?: Array<{ message?: { content?: string | null; refusal?: string | null }; finish_reason?: string | null }>; usage?: OpenAI.CompletionUsage; error?: { message?: string } };
  } | null;
  error?: { code?: string; message?: string } | null;
}

/**
 * A line of an output or error file: `{custom_id, response: {status_code, body}, error}`. A
 * non-200 response or an `error` (batch_expired, …) is the provider's message, as a RequestError.
 */
export function parseBatchLine(text: string): BatchLine {
  let line: OutputLine;
  try {
    line = JSON.parse(text) as OutputLine;
  } catch {
    throw new RequestError({ kind: 'invalid-response', message: `a batch file line is not JSON: ${text.slice(0, 80)}`, retryable: false });
  }
  if (typeof line?.custom_id !== 'string') throw new RequestError({ kind: 'invalid-response', message: `a batch file line has no custom_id: ${text.slice(0, 80)}`, retryable: false });
  const customId = line.custom_id;
  if (line.error) {
    return { customId, error: new RequestError({ kind: 'http', message: [line.error.code, line.error.message].filter(Boolean).join(': ') || 'the batch gave no answer', retryable: false }) };
  }
  const status = line.response?.status_code ?? 0;
  const body = line.response?.body;
  if (status !== 200) {
    const message = body?.error?.message ?? `the batch answered HTTP ${status}`;
    return {
      customId,
      error: new RequestError({ kind: status === 429 ? 'rate-limit' : status === 401 || status === 403 ? 'auth' : 'http', status, message: `${status} ${message}`, retryable: false }),
    };
  }
  const choice = body?.choices?.[0];
  if (!choice) return { customId, error: new RequestError({ kind: 'invalid-response', message: 'the response has no choices', retryable: false }) };
  const usage = body?.usage;
  return {
    customId,
    reply: {
      output: choice.message?.content ?? choice.message?.refusal ?? '',
      usage: usage ? { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0, cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0 } : undefined,
      finishReason: choice.finish_reason ?? undefined,
    },
  };
}

const STATUSES = new Set<string>(['validating', 'in_progress', 'finalizing', 'completed', 'failed', 'expired', 'cancelling', 'cancelled']);

function remoteBatch(batch: Batch): RemoteBatch {
  if (!batch || typeof batch.id !== 'string' || !STATUSES.has(batch.status)) {
    throw new RequestError({ kind: 'invalid-response', message: `the batch API answered something that is not a batch (status ${JSON.stringify(batch?.status)})`, retryable: true });
  }
  const counts = batch.request_counts;
  const errors = (batch.errors?.data ?? []).map((e) => [e.code, e.message, e.line != null ? `(line ${e.line})` : ''].filter(Boolean).join(' '));
  return {
    id: batch.id,
    status: batch.status,
    ...(counts ? { counts: { completed: counts.completed ?? 0, failed: counts.failed ?? 0, total: counts.total ?? 0 } } : {}),
    ...(batch.output_file_id ? { outputFileId: batch.output_file_id } : {}),
    ...(batch.error_file_id ? { errorFileId: batch.error_file_id } : {}),
    ...(errors.length ? { message: errors.join('; ') } : {}),
  };
}
