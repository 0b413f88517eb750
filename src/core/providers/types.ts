import type { ChatMessage, JsonSchemaSpec, RequestMessage, ToolCall, ToolChoice, ToolDefinition, Usage } from '../chat.js';
import type { ModelParameters } from '../prompt/modelParameters.js';

export type { ChatMessage, RequestMessage, ToolCall, Usage };

export interface ChatRequest {
  /** `provider/name` */
  model: string;
  messages: RequestMessage[];
  parameters: ModelParameters;
  responseFormat?: 'text' | 'json_object' | 'json_schema';
  jsonSchema?: JsonSchemaSpec;
  /** Functions the model may call (`workbench.tools`). */
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Stream the answer (`--stream`); undefined leaves it to the provider's `stream` setting. */
  stream?: boolean;
}

export interface ChatReply {
  /** The answer's text (`message.content`; empty when the model only called tools or refused). */
  output: string;
  usage?: Usage;
  finishReason?: string;
  /** Function calls the answer asked for. */
  toolCalls?: ToolCall[];
  /** The API's `message.refusal`: the model declined, apart from the text. */
  refusal?: string;
  /** Streamed answers: milliseconds from sending the request to the first token (text, refusal or call). */
  ttftMs?: number;
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
}

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
