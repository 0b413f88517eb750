import { requestSignal } from './requestSignal.js';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { ProviderConfig } from '../workspace/config.js';
import { expandEnv } from '../workspace/config.js';
import { modelName } from '../modelId.js';
import { nodeFetch } from './nodeFetch.js';
import { redactSecrets } from './redact.js';
import { describeNetworkError, describeTimeout } from './networkError.js';
import { createOpenAIBatchApi } from './openaiBatch.js';
import { RequestError, type ChatProvider, type ChatReply, type ChatRequest, type EmbeddingReply, type SendOptions, type Usage } from './types.js';
import { apiMessages, apiToolChoice, replyToolCalls, streamsModel, toolCallCollector } from './openaiShapes.js';

export interface OpenAIProviderSettings {
  name: string;
  config: ProviderConfig;
  /** The key; undefined only for servers that need none. */
  apiKey: string | undefined;
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  /** Where the key came from, shown in run headers; never the key. */
  keySource?: string;
  /** The model id as the request body carries it; default the name after `provider/`. */
  bodyModel?: (model: string) => string;
  /** Provider-specific wording for errors (GitHub's rate-limit headers and permissions); `cause` is what the SDK threw. */
  explainError?: (error: RequestError, cause: unknown) => RequestError;
  /** Set when the endpoint has no OpenAI-compatible batch API: why (GitHub Models). */
  noBatch?: string;
}

/** A provider for OpenAI and any OpenAI-compatible endpoint, through the `openai` SDK. */
export function createOpenAIProvider(settings: OpenAIProviderSettings): ChatProvider {
  const { name, config, env } = settings;
  const builtin = name === 'openai';
  const headers: Record<string, string | null> = {};
  for (const [header, value] of Object.entries(config.headers ?? {})) headers[header] = expandEnv(value, env);
  let apiKey = settings.apiKey;
  if (config.noApiKey) {
    apiKey = 'unused';
    headers.Authorization = null;
  } else if (config.apiKeyHeader && apiKey) {
    headers[config.apiKeyHeader] = apiKey;
    headers.Authorization = null;
  }
  let client: OpenAI;
  try {
    client = new OpenAI({
      apiKey: apiKey ?? 'unused',
      // OPENAI_BASE_URL is read from the given environment, as the SDK reads it from process.env.
      baseURL: config.baseURL ?? (builtin ? env.OPENAI_BASE_URL || undefined : undefined),
      // Other endpoints must never receive OpenAI's organisation or project headers from the environment.
      ...(builtin ? {} : { organization: null, project: null }),
      defaultHeaders: headers,
      defaultQuery: config.query,
      maxRetries: 0,
      fetch: settings.fetch ?? nodeFetch,
    });
  } catch (error) {
    throw new RequestError({ kind: 'config', message: `provider ${name}: ${(error as Error).message}`, retryable: false });
  }
  const body = (request: ChatRequest) => requestBody(request, config, settings.bodyModel);
  const stream = (request: ChatRequest) => request.stream ?? streamsModel(config, request.model);
  const where: Where = { endpoint: client.baseURL, provider: name };
  const redacted = (error: RequestError): never => {
    error.info.message = redactSecrets(error.info.message, [apiKey]);
    error.message = error.info.message;
    throw error;
  };
  const fail = (error: unknown, options: SendOptions): never => {
    const classified = classify(error, options.signal, { ...where, timeoutMs: options.timeoutMs });
    return redacted(settings.explainError ? settings.explainError(classified, error) : classified);
  };
  return {
    name,
    endpoint: client.baseURL,
    keySource: settings.keySource,
    send: (request, options) => send(client, stream(request), body(request), options, settings.explainError, where).catch(redacted),
    embed: (request, options) => embed(client, (settings.bodyModel ?? modelName)(request.model), request.input, options, settings.explainError, where).catch(redacted),
    ...(settings.noBatch ? { noBatch: settings.noBatch } : { batch: createOpenAIBatchApi({ client, limits: config.batchLimits, requestBody: body, fail }) }),
  };
}

async function embed(client: OpenAI, model: string, input: string[], options: SendOptions, explain: OpenAIProviderSettings['explainError'], where: Where): Promise<EmbeddingReply> {
  const scoped = requestSignal(options.signal);
  try {
    // Floats asked for explicitly: the SDK's default (base64) is not understood by every compatible server.
    const response = await client.embeddings.create({ model, input, encoding_format: 'float' }, { signal: scoped.signal, timeout: options.timeoutMs, maxRetries: 0 });
    const data = Array.isArray(response.data) ? [...response.data].sort((a, b) => a.index - b.index) : [];
    if (data.length !== input.length || !data.every((d) => Array.isArray(d.embedding) && d.embedding.every((x) => typeof x === 'number'))) {
      throw new RequestError({ kind: 'invalid-response', message: `the embeddings response has ${data.length} vectors for ${input.length} texts`, retryable: true });
    }
    return { vectors: data.map((d) => d.embedding), inputTokens: response.usage?.prompt_tokens };
  } catch (error) {
    const classified = classify(error, options.signal, { ...where, timeoutMs: options.timeoutMs });
    throw explain ? explain(classified, error) : classified;
  } finally {
    scoped.release();
  }
}

async function send(
  client: OpenAI,
  streaming: boolean,
  body: ChatCompletionCreateParamsNonStreaming,
  options: SendOptions,
  explain: OpenAIProviderSettings['explainError'],
  where: Where,
): Promise<ChatReply> {
  const scoped = requestSignal(options.signal);
  const requestOptions = { signal: scoped.signal, timeout: options.timeoutMs, maxRetries: 0 };
  try {
    if (streaming) return await sendStreaming(client, body, requestOptions);
    const completion = await client.chat.completions.create(body, requestOptions);
    const choice = completion.choices?.[0];
    if (!choice) throw new RequestError({ kind: 'invalid-response', message: 'the response has no choices', retryable: true });
    const toolCalls = replyToolCalls(choice.message?.tool_calls);
    const refusal = choice.message?.refusal;
    return {
      output: choice.message?.content ?? '',
      usage: usageOf(completion.usage),
      finishReason: choice.finish_reason ?? undefined,
      ...(toolCalls.length ? { toolCalls } : {}),
      ...(refusal ? { refusal } : {}),
    };
  } catch (error) {
    const classified = classify(error, options.signal, { ...where, timeoutMs: options.timeoutMs });
    throw explain ? explain(classified, error) : classified;
  } finally {
    scoped.release();
  }
}

async function sendStreaming(client: OpenAI, body: ChatCompletionCreateParamsNonStreaming, requestOptions: object): Promise<ChatReply> {
  const started = performance.now();
  const stream = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, requestOptions);
  let output = '';
  let refusal = '';
  let ttftMs: number | undefined;
  let usage: Usage | undefined;
  let finishReason: string | undefined;
  let sawFinish = false;
  const calls = toolCallCollector();
  for await (const chunk of stream) {
    const choice = chunk.choices?.[0];
    const delta = choice?.delta;
    // The first token of any kind – text, a refusal or a function call – is what a user would see first.
    if (ttftMs === undefined && (delta?.content || delta?.refusal || delta?.tool_calls?.length)) ttftMs = Math.round(performance.now() - started);
    if (delta?.content) output += delta.content;
    if (delta?.refusal) refusal += delta.refusal;
    if (delta?.tool_calls) calls.add(delta.tool_calls);
    if (choice?.finish_reason) {
      finishReason = choice.finish_reason;
      sawFinish = true;
    }
    if (chunk.usage) usage = usageOf(chunk.usage);
  }
  if (!sawFinish) throw new RequestError({ kind: 'invalid-response', message: 'the stream ended before the answer was complete', retryable: true });
  const toolCalls = calls.done();
  return { output, usage, finishReason, ...(toolCalls.length ? { toolCalls } : {}), ...(refusal ? { refusal } : {}), ...(ttftMs !== undefined ? { ttftMs } : {}) };
}

/** Reasoning models (o-series, gpt-5) reject max_tokens and want max_completion_tokens. */
export function maxTokensParam(model: string, config: ProviderConfig): 'max_tokens' | 'max_completion_tokens' {
  if (config.maxTokensParam) return config.maxTokensParam;
  return /^(o\d|gpt-5)/.test(model) ? 'max_completion_tokens' : 'max_tokens';
}

export function requestBody(request: ChatRequest, config: ProviderConfig, bodyModel: (model: string) => string = modelName): ChatCompletionCreateParamsNonStreaming {
  const p = request.parameters;
  const body: Record<string, unknown> = { model: bodyModel(request.model), messages: apiMessages(request.messages) };
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.maxTokens !== undefined) body[maxTokensParam(modelName(request.model), config)] = p.maxTokens;
  if (p.frequencyPenalty !== undefined) body.frequency_penalty = p.frequencyPenalty;
  if (p.presencePenalty !== undefined) body.presence_penalty = p.presencePenalty;
  if (p.seed !== undefined) body.seed = p.seed;
  if (p.stop !== undefined) body.stop = p.stop;
  if (request.responseFormat === 'json_object') body.response_format = { type: 'json_object' };
  if (request.responseFormat === 'json_schema' && request.jsonSchema) {
    const { name, schema, strict, description } = request.jsonSchema;
    body.response_format = { type: 'json_schema', json_schema: { name, schema, ...(strict !== undefined ? { strict } : {}), ...(description ? { description } : {}) } };
  }
  if (request.tools?.length) body.tools = request.tools;
  if (request.toolChoice !== undefined) body.tool_choice = apiToolChoice(request.toolChoice);
  return body as unknown as ChatCompletionCreateParamsNonStreaming;
}

function usageOf(usage: OpenAI.CompletionUsage | undefined | null): Usage | undefined {
  if (!usage) return undefined;
  return {
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

/** Where a request went: for messages that say where (never with a key or a path). */
interface Where {
  endpoint: string;
  provider: string;
  timeoutMs?: number;
}

/** Maps whatever the SDK or the network threw to a RequestError that says whether to retry. */
export function classify(error: unknown, signal?: AbortSignal, where?: Where): RequestError {
  if (error instanceof RequestError) return error;
  if (signal?.aborted || error instanceof APIUserAbortError) return new RequestError({ kind: 'cancelled', message: 'cancelled', retryable: false });
  if (error instanceof APIConnectionTimeoutError) {
    const message = where?.timeoutMs !== undefined ? describeTimeout(where.endpoint, where.timeoutMs) : 'the request timed out';
    return new RequestError({ kind: 'timeout', message, retryable: true });
  }
  if (error instanceof APIConnectionError) {
    const cause = (error as { cause?: Error }).cause;
    const message = where ? describeNetworkError(error, where.endpoint, where.provider) : `connection failed: ${cause?.message ?? error.message}`;
    return new RequestError({ kind: 'network', message, retryable: true });
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const retryAfterMs = retryAfter(error.headers);
    const detail = error.message.replace(/^\d{3}\s*/, '');
    if (status === 429) return new RequestError({ kind: 'rate-limit', status, message: `429 rate limited: ${detail}`, retryAfterMs, retryable: true });
    if (status === 401 || status === 403) return new RequestError({ kind: 'auth', status, message: `${status} not authorised – check the API key: ${detail}`, retryable: false });
    const retryable = status === 408 || status === 409 || status >= 500;
    return new RequestError({ kind: 'http', status, message: `${status} ${detail}`, retryAfterMs, retryable });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SyntaxError || /JSON/.test(message)) {
    return new RequestError({ kind: 'invalid-response', message: `the response is not valid JSON: ${message}`, retryable: true });
  }
  return new RequestError({ kind: 'network', message, retryable: true });
}

export function retryAfter(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
