import type { ChatMessage, JsonSchemaSpec, Usage } from '../chat.js';
import type { ModelParameters } from '../prompt/modelParameters.js';
import type { BatchCounts, BatchJobStatus } from '../batch/types.js';

export type { ChatMessage, Usage };

export interface ChatRequest {
  /** `provider/name` */
  model: string;
  messages: ChatMessage[];
  parameters: ModelParameters;
  responseFormat?: 'text' | 'json_object' | 'json_schema';
  jsonSchema?: JsonSchemaSpec;
}

export interface ChatReply {
  output: string;
  usage?: Usage;
  finishReason?: string;
}

/** Texts to embed in one request; the reply has one vector per text, in order. */
export interface EmbeddingRequest {
  /** `provider/name` */
  model: string;
  input: string[];
}

export interface EmbeddingReply {
  vectors: number[][];
  inputTokens?: number;
}

export interface SendOptions {
  signal?: AbortSignal;
  timeoutMs: number;
}

/** Anything that answers chat requests: the OpenAI-compatible HTTP provider, or VS Code's language models. */
export interface ChatProvider {
  /** The provider name, the part of `provider/name` before the slash. */
  name: string;
  /** Identifies the endpoint in cache keys (a base URL); never contains a key. */
  endpoint: string;
  /** Where its key came from, for run headers and logs (`$GITHUB_TOKEN`, `gh auth token`); never the key. */
  keySource?: string;
  send(request: ChatRequest, options: SendOptions): Promise<ChatReply>;
  /** Embeddings from the provider's `/embeddings` endpoint, where it has one. */
  embed?(request: EmbeddingRequest, options: SendOptions): Promise<EmbeddingReply>;
  /** The provider's OpenAI-compatible batch API (`eval --batch`), where it has one. */
  batch?: BatchApi;
  /** Why it has no batch API, for the error a batch run gives (GitHub Models, VS Code's language models). */
  noBatch?: string;
}

/** A provider batch as `batches.create` / `retrieve` / `cancel` describe it. */
export interface RemoteBatch {
  id: string;
  status: BatchJobStatus;
  counts?: BatchCounts;
  outputFileId?: string;
  errorFileId?: string;
  /** Why the batch failed as a whole (`errors.data`), when it did. */
  message?: string;
}

/** Limits of one provider batch: a run is split into batches under both. */
export interface BatchLimits {
  requests: number;
  /** Bytes of the uploaded JSONL file. */
  bytes: number;
}

/** OpenAI's documented per-batch limits (the `batches.create` reference): 50,000 requests, 200 MB. */
export const OPENAI_BATCH_LIMITS: BatchLimits = { requests: 50_000, bytes: 200 * 1024 * 1024 };

/**
 * An OpenAI-compatible batch API: upload a JSONL file of requests (`files.create`, purpose
 * `batch`), create a batch on it (`/v1/chat/completions`, window 24h), poll it, download its
 * output and error files. Every call throws a RequestError.
 */
export interface BatchApi {
  limits: BatchLimits;
  /** A request's body as the batch file carries it (the provider's model name and parameter names). */
  requestBody(request: ChatRequest): unknown;
  /** Uploads a JSONL file as a stream; returns its file id. */
  upload(file: string, options: SendOptions): Promise<string>;
  create(inputFileId: string, metadata: Record<string, string>, options: SendOptions): Promise<RemoteBatch>;
  retrieve(id: string, options: SendOptions): Promise<RemoteBatch>;
  cancel(id: string, options: SendOptions): Promise<RemoteBatch>;
  /** Streams a file's content into `toFile`. */
  download(fileId: string, toFile: string, options: SendOptions): Promise<void>;
  /** One line of an output or error file: the answer to `customId`, or why there is none. */
  parseLine(line: string): BatchLine;
}

/** A line of a batch's output or error file. */
export type BatchLine = { customId: string; reply: ChatReply } | { customId: string; error: RequestError };

export type RequestErrorKind = 'rate-limit' | 'http' | 'auth' | 'timeout' | 'network' | 'invalid-response' | 'cancelled' | 'config';

export interface RequestErrorInfo {
  kind: RequestErrorKind;
  message: string;
  status?: number;
  /** Set when the server said how long to wait (Retry-After / retry-after-ms). */
  retryAfterMs?: number;
  retryable: boolean;
  /** Why a provider could not be set up, for editors that offer a fix (set a key, allow a host). */
  code?: 'no-key' | 'host-refused' | 'unknown-provider';
}

/** An error with enough structure to decide on retries and to record on the case. */
export class RequestError extends Error {
  readonly info: RequestErrorInfo;
  attempts = 1;
  constructor(info: RequestErrorInfo) {
    super(info.message);
    this.name = 'RequestError';
    this.info = info;
  }
}
