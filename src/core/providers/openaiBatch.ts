import { createReadStream, createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import OpenAI, { toStreamingFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { OPENAI_BATCH_LIMITS, RequestError, type BatchApi, type BatchLimits, type ChatRequest, type RemoteBatch, type SendOptions } from './types.js';

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
