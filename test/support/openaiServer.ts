/**
 * OpenAI-compatible chat-completions server on 127.0.0.1 for unit tests, the e2e suite and
 * benchmarks. `startTestServer()` in process, `openaiServerMain.ts` as a separate process.
 *
 * Endpoints
 *   POST /v1/chat/completions  non-streaming and streaming (SSE) answers shaped like OpenAI's.
 *   POST /v1/embeddings        OpenAI-shaped embeddings (float or base64): a bag of words hashed into
 *                              EMBEDDING_DIMENSIONS buckets, so texts with the same words point the same
 *                              way and texts without common words are orthogonal (cosine 0).
 *   GET  /v1/models            `test-model` plus every literal model name used by a reply rule.
 *   GitHub Models' shape (`githubURL` is the inference base, like https://models.github.ai/inference):
 *   POST /inference/chat/completions             the same answers, for the full `publisher/model` id;
 *   POST /inference/embeddings                   the same embeddings;
 *   POST /orgs/{org}/inference/chat/completions  the same, org billing (the org is in the recorded path);
 *   GET  /catalog/models       `catalog` (default: two models in the catalog's JSON shape).
 *   A 429 fault on a GitHub route answers like GitHub: its error body and its rate-limit headers
 *   (x-ratelimit-type: UserByMinute, x-ratelimit-remaining-requests: 0, x-ratelimit-remaining-tokens,
 *   x-ratelimit-timeremaining = retry-after).
 *   POST /v1/files, GET /v1/files/{id}/content, POST /v1/batches, GET /v1/batches/{id},
 *   POST /v1/batches/{id}/cancel   OpenAI's Files and Batches APIs (openaiServerBatch.ts, `batch` options):
 *                              batch lines are answered like chat completions, but are not recorded
 *                              or counted as chat-completions requests.
 *   POST /__control            body: ServerOptions JSON → setOptions (null clears a key).
 *   POST /__reset              clears recorded requests and stats.
 *   GET  /__requests           recorded requests (JSON array).
 *   GET  /__stats              stats() as JSON.
 * Control endpoints (`/__*`) are never recorded, counted, delayed, faulted or key-checked; every
 * other route is key-checked when `requireApiKey` is set.
 * `host` (default 127.0.0.1) is the loopback address it listens on: 127.0.0.2 plays a host that
 * is not "loopback" by Prompt Workbench's rule (only localhost, 127.0.0.1 and ::1 are).
 * Anything else is a 404 in OpenAI's error shape; bad JSON is a 400.
 *
 * Reply content, first that applies:
 *   1. the first ReplyRule whose `model` regex matches the model and whose `match` regex matches the
 *      last user message (omitted = matches anything); `{{input}}` in its reply becomes that message,
 *      `{{system}}` the system messages (joined by a blank line; "" when there are none);
 *   2. response_format json_schema → JSON.stringify(sampleFromSchema(schema)), see jsonSchemaSample.ts;
 *   3. response_format json_object → {"answer":"<last user message>"};
 *   4. `Echo: <last user message>`.
 * The reply is never cut to max_tokens; finish_reason is always 'stop'.
 * usage: prompt_tokens / completion_tokens as documented in chatTokenCount.ts (gpt-tokenizer,
 * cookbook chat formula, o200k_base for unknown models); cached_tokens is always 0.
 *
 * Latency: `latencyMs` is waited before answering each chat-completions request (faults included).
 *
 * Faults: a seeded mulberry32 PRNG decides, per well-formed chat-completions request in arrival
 * order, whether it is faulted (one draw < rate) and which kind (a second draw, uniform over
 * `kinds`). The PRNG is re-seeded (seed default 1) whenever `faults` is set and on reset(), so a
 * sequential run is reproducible. A recorded request's `status` is the status sent, or 0 when no
 * status line was sent (reset, hang) and while it is still pending.
 *
 * Cheapness: keep-alive (65 s idle), encoders loaded once per encoding, rule regexes compiled once
 * per setOptions; with recordRequests:false nothing per request outlives the request.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { contentText, countPromptTokensWith, textCounterFor, type CountableMessage } from './chatTokenCount.js';
import { sampleFromSchema } from './jsonSchemaSample.js';
import { seededRandom } from '../../src/core/stats.js';
import { createBatchStore, handleBatchRoute, type BatchServerOptions, type BatchStore } from './openaiServerBatch.js';

export interface ReplyRule {
  model?: string;
  match?: string;
  reply: string;
}
export type FaultKind = '429' | '500' | '503' | 'reset' | 'hang' | 'truncated-stream' | 'non-json' | 'prose';
export interface FaultPlan {
  rate: number;
  kinds: FaultKind[];
  retryAfterSeconds?: number;
  seed?: number;
}
export interface ServerOptions {
  latencyMs?: number; // waited before answering every /v1/chat/completions request (default 0)
  replies?: ReplyRule[];
  faults?: FaultPlan; // default: none
  requireApiKey?: string; // when set, every API route needs `Authorization: Bearer <key>` (else 401)
  recordRequests?: boolean; // default true; benchmarks turn it off to keep memory flat
  catalog?: unknown[]; // GET /catalog/models answers this (default DEFAULT_CATALOG)
  batch?: BatchServerOptions; // the batch endpoints' behaviour (polls before completion, errors, expiry)
}
export interface RecordedRequest {
  method: string;
  path: string; // without the query string
  headers: Record<string, string>; // lower-case names, repeated headers joined with ', '
  body: unknown; // parsed JSON; the raw text when it was not JSON; null for GET
  at: number; // Date.now() at arrival
  fault?: FaultKind;
  status: number; // status sent; 0 = none sent (reset, hang, client gone) or pending
}
export interface ServerStats {
  total: number;
  byStatus: Record<string, number>;
  byFault: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
}
export interface TestServer {
  url: string; // "http://127.0.0.1:<port>/v1", the openai SDK's baseURL
  githubURL: string; // "http://127.0.0.1:<port>/inference", GitHub Models' inference base
  port: number;
  requests: RecordedRequest[]; // arrival order; the same array for the server's lifetime
  stats(): ServerStats;
  setOptions(partial: ServerOptions): void; // keys present replace the current ones (undefined = default)
  reset(): void; // clears requests and stats, re-seeds the fault PRNG
  close(): Promise<void>; // also destroys open sockets, hung requests included
}

/** Two entries in the shape of GitHub Models' GET /catalog/models. */
export const DEFAULT_CATALOG = [
  {
    id: 'openai/gpt-4.1-mini',
    name: 'OpenAI GPT-4.1-mini',
    publisher: 'OpenAI',
    summary: 'A small, fast GPT-4.1.',
    rate_limit_tier: 'low',
    limits: { max_input_tokens: 1048576, max_output_tokens: 32768 },
    supported_input_modalities: ['text', 'image'],
    supported_output_modalities: ['text'],
    tags: ['multipurpose'],
  },
  {
    id: 'meta/Llama-3.3-70B-Instruct',
    name: 'Llama-3.3-70B-Instruct',
    publisher: 'Meta',
    summary: 'Llama 3.3 70B, instruction tuned.',
    rate_limit_tier: 'high',
    limits: { max_input_tokens: 128000, max_output_tokens: 4096 },
    supported_input_modalities: ['text'],
    supported_output_modalities: ['text'],
    tags: ['conversation'],
  },
];

export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '503', 'reset', 'hang', 'truncated-stream', 'non-json', 'prose'];
const DEFAULT_MODEL = 'test-model';
export const PROSE_REPLY = 'Sure! Here is the answer in words.';
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const KEEP_ALIVE_MS = 65_000;

interface CompiledRule {
  model?: RegExp;
  match?: RegExp;
  reply: string;
  source: ReplyRule;
}

interface State {
  options: ServerOptions;
  rules: CompiledRule[];
  random: () => number;
  requests: RecordedRequest[];
  total: number;
  byStatus: Record<string, number>;
  byFault: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
  nextId: number;
  batches: BatchStore;
}

/** One in-progress request: what the handlers need to answer and to book-keep. */
interface Exchange {
  state: State;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  record?: RecordedRequest;
  settled: boolean;
  closed: boolean;
  /** Arrived on a GitHub Models route: errors answer in GitHub's shape. */
  github?: boolean;
}

interface ChatBody {
  model: string;
  messages: CountableMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type?: string; json_schema?: { schema?: unknown } };
}

/** An error that becomes an OpenAI-shaped error response. */
interface HttpError extends Error {
  status: number;
  type: string;
  code: string | null;
}

function httpError(status: number, message: string, type: string, code: string | null): HttpError {
  return Object.assign(new Error(message), { name: 'HttpError', status, type, code });
}

function isHttpError(error: unknown): error is HttpError {
  return error instanceof Error && error.name === 'HttpError' && typeof (error as Partial<HttpError>).status === 'number';
}

// ---------------------------------------------------------------------------------------------
// Options

function fail(message: string): never {
  throw new TypeError(`invalid server options: ${message}`);
}

function compileRegex(source: unknown, what: string): RegExp | undefined {
  if (source === undefined || source === null) return undefined;
  if (typeof source !== 'string') fail(`${what} must be a string`);
  try {
    return new RegExp(source);
  } catch (error) {
    return fail(`${what} ${JSON.stringify(source)}: ${(error as Error).message}`);
  }
}

function compileRules(replies: unknown): CompiledRule[] {
  if (replies === undefined) return [];
  if (!Array.isArray(replies)) fail('replies must be an array');
  return replies.map((rule: unknown, i): CompiledRule => {
    if (!rule || typeof rule !== 'object') fail(`replies[${i}] must be an object`);
    const { model, match, reply } = rule as Record<string, unknown>;
    if (typeof reply !== 'string') fail(`replies[${i}].reply must be a string`);
    return {
      model: compileRegex(model, `replies[${i}].model`),
      match: compileRegex(match, `replies[${i}].match`),
      reply,
      source: rule as ReplyRule,
    };
  });
}

function checkFaults(faults: unknown): void {
  if (faults === undefined) return;
  if (!faults || typeof faults !== 'object') fail('faults must be an object');
  const { rate, kinds, retryAfterSeconds, seed } = faults as Record<string, unknown>;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) fail('faults.rate must be a number in [0, 1]');
  if (!Array.isArray(kinds) || kinds.length === 0) fail('faults.kinds must be a non-empty array');
  for (const kind of kinds) {
    if (!FAULT_KINDS.includes(kind as FaultKind)) fail(`unknown fault kind ${JSON.stringify(kind)}`);
  }
  if (retryAfterSeconds !== undefined && typeof retryAfterSeconds !== 'number') fail('faults.retryAfterSeconds must be a number');
  if (seed !== undefined && typeof seed !== 'number') fail('faults.seed must be a number');
}

/** Validates a partial options object (JSON nulls mean "back to the default"). */
function normalizeOptions(partial: unknown): ServerOptions {
  if (!partial || typeof partial !== 'object' || Array.isArray(partial)) fail('options must be an object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(partial)) out[key] = value === null ? undefined : value;
  const { latencyMs, requireApiKey, recordRequests, catalog } = out;
  if (catalog !== undefined && !Array.isArray(catalog)) fail('catalog must be an array');
  if (latencyMs !== undefined && (typeof latencyMs !== 'number' || !(latencyMs >= 0))) fail('latencyMs must be a number >= 0');
  if (requireApiKey !== undefined && typeof requireApiKey !== 'string') fail('requireApiKey must be a string');
  if (recordRequests !== undefined && typeof recordRequests !== 'boolean') fail('recordRequests must be a boolean');
  compileRules(out.replies);
  checkFaults(out.faults);
  return out;
}

function applyOptions(state: State, partial: ServerOptions): void {
  const next = normalizeOptions(partial);
  if ('replies' in next) state.rules = compileRules(next.replies);
  if ('faults' in next) state.random = seededRandom(next.faults?.seed ?? 1);
  state.options = { ...state.options, ...next };
}

// ---------------------------------------------------------------------------------------------
// Book-keeping

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function beginExchange(state: State, req: http.IncomingMessage, res: http.ServerResponse, path: string): Exchange {
  const ex: Exchange = { state, req, res, settled: false, closed: false };
  state.total++;
  state.inFlight++;
  if (state.inFlight > state.maxInFlight) state.maxInFlight = state.inFlight;
  if (state.options.recordRequests !== false) {
    ex.record = { method: req.method ?? 'GET', path, headers: flattenHeaders(req.headers), body: null, at: Date.now(), status: 0 };
    state.requests.push(ex.record);
  }
  res.once('close', () => {
    ex.closed = true;
    state.inFlight--;
  });
  return ex;
}

/** Books the outcome once; status 0 means no status line was (or will be) sent. */
function settle(ex: Exchange, status: number): void {
  if (ex.settled) return;
  ex.settled = true;
  const key = String(status);
  ex.state.byStatus[key] = (ex.state.byStatus[key] ?? 0) + 1;
  if (ex.record) ex.record.status = status;
}

function noteFault(ex: Exchange, fault: FaultKind): void {
  ex.state.byFault[fault] = (ex.state.byFault[fault] ?? 0) + 1;
  if (ex.record) ex.record.fault = fault;
}

function stats(state: State): ServerStats {
  return {
    total: state.total,
    byStatus: { ...state.byStatus },
    byFault: { ...state.byFault },
    inFlight: state.inFlight,
    maxInFlight: state.maxInFlight,
  };
}

function resetState(state: State): void {
  // Cleared in place so callers holding `server.requests` see the reset.
  state.requests.length = 0;
  state.total = 0;
  state.byStatus = {};
  state.byFault = {};
  state.maxInFlight = state.inFlight;
  state.random = seededRandom(state.options.faults?.seed ?? 1);
}

// ---------------------------------------------------------------------------------------------
// Sending

function sendJson(ex: Exchange, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  settle(ex, status);
  const body = JSON.stringify(payload);
  ex.res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-request-id': `req_test_${ex.state.nextId++}`,
    ...headers,
  });
  ex.res.end(body);
}

function errorBody(message: string, type: string, code: string | null): unknown {
  return { error: { message, type, param: null, code } };
}

function sendError(ex: Exchange, error: HttpError, headers?: Record<string, string>): void {
  sendJson(ex, error.status, errorBody(error.message, error.type, error.code), headers);
}

function sendControl(res: http.ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function delay(ms: number): Promise<void> {
  // unref: a pending latency timer must not keep a closed server's process alive.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return readRawBody(req).then((raw) => raw.toString('utf8'));
}

function readRawBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining an oversized body (without keeping it) so the 413 can still be delivered.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(httpError(413, 'Request body too large.', 'invalid_request_error', 'request_too_large'));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// Chat completions

function parseChatBody(raw: string): ChatBody {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw httpError(
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
      'invalid_request_error',
      null,
    );
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw httpError(400, 'The request body must be a JSON object.', 'invalid_request_error', null);
  }
  const { model, messages } = body as Record<string, unknown>;
  if (typeof model !== 'string' || model === '') {
    throw httpError(400, 'you must provide a model parameter', 'invalid_request_error', null);
  }
  if (!Array.isArray(messages) || messages.length === 0 || !messages.every((m) => m && typeof m === 'object')) {
    throw httpError(400, "'messages' must be a non-empty array of message objects.", 'invalid_request_error', 'invalid_value');
  }
  return body as ChatBody;
}

function lastUserMessage(messages: CountableMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user') return contentText(messages[i].content);
  }
  return '';
}

function systemText(messages: CountableMessage[]): string {
  return messages
    .filter((m) => m.role === 'system')
    .map((m) => contentText(m.content))
    .join('\n\n');
}

function replyFor(state: State, body: ChatBody, input: string): string {
  for (const rule of state.rules) {
    if (rule.model && !rule.model.test(body.model)) continue;
    if (rule.match && !rule.match.test(input)) continue;
    return rule.reply.replaceAll('{{input}}', () => input).replaceAll('{{system}}', () => systemText(body.messages));
  }
  const format = body.response_format;
  if (format?.type === 'json_schema') return JSON.stringify(sampleFromSchema(format.json_schema?.schema, input));
  if (format?.type === 'json_object') return JSON.stringify({ answer: input });
  return `Echo: ${input}`;
}

function pickFault(state: State): FaultKind | undefined {
  const plan = state.options.faults;
  if (!plan || plan.rate <= 0 || state.random() >= plan.rate) return undefined;
  return plan.kinds[Math.floor(state.random() * plan.kinds.length)];
}

interface Answer {
  id: string;
  created: number;
  model: string;
  content: string;
  usage: Record<string, unknown>;
}

async function buildAnswer(ex: Pick<Exchange, 'state'>, body: ChatBody, content: string): Promise<Answer> {
  const count = await textCounterFor(body.model);
  const promptTokens = countPromptTokensWith(count, body.messages);
  const completionTokens = count(content);
  return {
    id: `chatcmpl-test${ex.state.nextId++}`,
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    content,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    },
  };
}

function completionPayload(a: Answer): unknown {
  return {
    id: a.id,
    object: 'chat.completion',
    created: a.created,
    model: a.model,
    choices: [{ index: 0, message: { role: 'assistant', content: a.content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: a.usage,
    system_fingerprint: 'fp_test',
  };
}

/** Splits into up to four deltas on code-point boundaries (never halves a surrogate pair). */
function splitDeltas(content: string): string[] {
  const chars = Array.from(content);
  const size = Math.max(1, Math.ceil(chars.length / 4));
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += size) parts.push(chars.slice(i, i + size).join(''));
  return parts;
}

function sseEvents(a: Answer, includeUsage: boolean): string[] {
  const base = { id: a.id, object: 'chat.completion.chunk', created: a.created, model: a.model, system_fingerprint: 'fp_test' };
  // With include_usage OpenAI puts `usage: null` on every chunk but the last.
  const usageNull = includeUsage ? { usage: null } : {};
  const chunk = (delta: unknown, finish: string | null): unknown => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...usageNull,
  });
  const chunks: unknown[] = [chunk({ role: 'assistant', content: '', refusal: null }, null)];
  for (const part of splitDeltas(a.content)) chunks.push(chunk({ content: part }, null));
  chunks.push(chunk({}, 'stop'));
  if (includeUsage) chunks.push({ ...base, choices: [], usage: a.usage });
  return [...chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'];
}

function writeStreamHead(ex: Exchange): void {
  settle(ex, 200);
  ex.res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': `req_test_${ex.state.nextId++}`,
  });
}

function destroyAfter(ex: Exchange, data: string): void {
  ex.res.write(data, () => ex.req.socket.destroy());
}

async function answerChat(ex: Exchange, body: ChatBody, fault: FaultKind | undefined): Promise<void> {
  const input = lastUserMessage(body.messages);
  const content = fault === 'prose' ? PROSE_REPLY : replyFor(ex.state, body, input);
  const answer = await buildAnswer(ex, body, content);
  if (ex.closed) return settle(ex, 0);
  if (body.stream === true) {
    const events = sseEvents(answer, body.stream_options?.include_usage === true);
    writeStreamHead(ex);
    if (fault === 'truncated-stream') return destroyAfter(ex, events.slice(0, 2).join(''));
    ex.res.end(events.join(''));
    return;
  }
  if (fault !== 'truncated-stream') return sendJson(ex, 200, completionPayload(answer));
  const text = JSON.stringify(completionPayload(answer));
  settle(ex, 200);
  ex.res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  destroyAfter(ex, text.slice(0, Math.floor(text.length / 2)));
}

/** GitHub Models' 429: its error body and rate-limit headers. */
function sendGithubRateLimit(ex: Exchange, retryAfter: string): void {
  sendJson(
    ex,
    429,
    { error: { code: 'RateLimitReached', message: `Rate limit of 15 per 60s exceeded for UserByMinute. Please wait ${retryAfter} seconds before retrying.`, details: 'Rate limit exceeded' } },
    {
      'retry-after': retryAfter,
      'x-ratelimit-type': 'UserByMinute',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-remaining-tokens': '39000',
      'x-ratelimit-timeremaining': retryAfter,
    },
  );
}

/** Faults that replace the answer entirely; returns false when a normal answer should follow. */
function applyTerminalFault(ex: Exchange, fault: FaultKind): boolean {
  const retryAfter = String(ex.state.options.faults?.retryAfterSeconds ?? 1);
  switch (fault) {
    case '429':
      if (ex.github) sendGithubRateLimit(ex, retryAfter);
      else sendError(ex, httpError(429, 'Rate limit reached for test-model (requests per min). Please try again later.', 'requests', 'rate_limit_exceeded'), { 'retry-after': retryAfter });
      return true;
    case '500':
      sendError(ex, httpError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error', null));
      return true;
    case '503':
      sendError(ex, httpError(503, 'The engine is currently overloaded, please try again later.', 'server_error', 'service_unavailable'));
      return true;
    case 'reset':
      settle(ex, 0);
      // RST rather than FIN, so the client sees ECONNRESET like a dropped upstream connection.
      ex.req.socket.resetAndDestroy();
      return true;
    case 'hang':
      settle(ex, 0);
      return true;
    case 'non-json':
      settle(ex, 200);
      ex.res.writeHead(200, { 'content-type': 'application/json' });
      ex.res.end('<html>upstream error</html>');
      return true;
    default:
      return false;
  }
}

async function handleChat(ex: Exchange): Promise<void> {
  const raw = await readBody(ex.req);
  // The raw text first, so a request rejected as bad JSON is still recorded with what was sent.
  if (ex.record) ex.record.body = raw;
  const body = parseChatBody(raw);
  if (ex.record) ex.record.body = body;
  const fault = pickFault(ex.state);
  if (fault) noteFault(ex, fault);
  const latency = ex.state.options.latencyMs ?? 0;
  if (latency > 0) await delay(latency);
  if (ex.closed) return settle(ex, 0);
  if (fault && applyTerminalFault(ex, fault)) return;
  await answerChat(ex, body, fault);
}

// ---------------------------------------------------------------------------------------------
// Embeddings

export const EMBEDDING_DIMENSIONS = 64;

/** FNV-1a, so a word always lands in the same bucket. */
function bucketOf(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % EMBEDDING_DIMENSIONS;
}

/** The test server's embedding: word counts by bucket, normalised to length 1 (all zeros for no words). */
export function testEmbedding(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) vector[bucketOf(word)] += 1;
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

function base64Floats(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

async function handleEmbeddings(ex: Exchange): Promise<void> {
  const raw = await readBody(ex.req);
  let body: { model?: unknown; input?: unknown; encoding_format?: unknown };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    throw httpError(400, 'We could not parse the JSON body of your request.', 'invalid_request_error', null);
  }
  if (ex.record) ex.record.body = body;
  if (typeof body.model !== 'string' || body.model === '') throw httpError(400, 'you must provide a model parameter', 'invalid_request_error', null);
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((t) => typeof t === 'string' && t !== '')) {
    throw httpError(400, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'invalid_request_error', null);
  }
  const latency = ex.state.options.latencyMs ?? 0;
  if (latency > 0) await delay(latency);
  const count = await textCounterFor(body.model);
  const tokens = (inputs as string[]).reduce((n, t) => n + count(t), 0);
  const data = (inputs as string[]).map((text, index) => {
    const vector = testEmbedding(text);
    return { object: 'embedding', index, embedding: body.encoding_format === 'base64' ? base64Floats(vector) : vector };
  });
  sendJson(ex, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

// ---------------------------------------------------------------------------------------------
// Routing

function modelIds(state: State): string[] {
  const ids = new Set([DEFAULT_MODEL]);
  for (const rule of state.rules) {
    const literal = rule.source.model
      ?.replace(/^\^/, '')
      .replace(/\$$/, '')
      .replace(/\\([.\-/])/g, '$1');
    // Only names a client could actually send; a regex like `gpt-.*` names no model.
    if (literal && !/[\\^$.*+?()[\]{}|]/.test(literal.replace(/\./g, ''))) ids.add(literal);
  }
  return [...ids];
}

function sendModels(ex: Exchange): void {
  const created = Math.floor(Date.now() / 1000);
  const data = modelIds(ex.state).map((id) => ({ id, object: 'model', created, owned_by: 'test' }));
  sendJson(ex, 200, { object: 'list', data });
}

function authorized(state: State, req: http.IncomingMessage): boolean {
  const key = state.options.requireApiKey;
  return key === undefined || req.headers.authorization === `Bearer ${key}`;
}

function unauthorized(req: http.IncomingMessage): HttpError {
  const message = req.headers.authorization
    ? 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.'
    : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
  return httpError(401, message, 'invalid_request_error', 'invalid_api_key');
}

const GITHUB_CHAT = /^(?:\/orgs\/[^/]+)?\/inference\/chat\/completions$/;
const GITHUB_EMBEDDINGS = /^(?:\/orgs\/[^/]+)?\/inference\/embeddings$/;

async function handleApi(ex: Exchange, path: string): Promise<void> {
  const method = ex.req.method ?? 'GET';
  if (!authorized(ex.state, ex.req)) return sendError(ex, unauthorized(ex.req));
  if (method === 'POST' && path === '/v1/chat/completions') return handleChat(ex);
  if (method === 'GET' && path === '/v1/models') return sendModels(ex);
  if (method === 'POST' && path === '/v1/embeddings') return handleEmbeddings(ex);
  if (method === 'POST' && GITHUB_EMBEDDINGS.test(path)) {
    ex.github = true;
    return handleEmbeddings(ex);
  }
  if (method === 'POST' && GITHUB_CHAT.test(path)) {
    ex.github = true;
    return handleChat(ex);
  }
  if (method === 'GET' && path === '/catalog/models') return sendJson(ex, 200, ex.state.options.catalog ?? DEFAULT_CATALOG);
  const batch = await handleBatchRoute(
    ex.state.batches,
    ex.state.options.batch ?? {},
    method,
    path,
    ex.req,
    () => readRawBody(ex.req),
    (body) => batchLineAnswer(ex.state, body),
  );
  if (batch?.raw) {
    settle(ex, batch.status);
    ex.res.writeHead(batch.status, { 'content-type': 'application/octet-stream', 'content-length': batch.raw.length });
    ex.res.end(batch.raw);
    return;
  }
  if (batch) return sendJson(ex, batch.status, batch.body);
  sendError(ex, httpError(404, `Invalid URL (${method} ${path})`, 'invalid_request_error', null));
}

/** A batch line's request, answered as the chat endpoint answers it (no latency, no faults). */
async function batchLineAnswer(state: State, raw: unknown): Promise<{ status: number; body: unknown }> {
  try {
    const body = parseChatBody(JSON.stringify(raw));
    const answer = await buildAnswer({ state }, body, replyFor(state, body, lastUserMessage(body.messages)));
    return { status: 200, body: completionPayload(answer) };
  } catch (error) {
    if (!isHttpError(error)) throw error;
    return { status: error.status, body: errorBody(error.message, error.type, error.code) };
  }
}

async function handleControl(state: State, req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> {
  const route = `${req.method ?? 'GET'} ${path}`;
  if (route === 'POST /__control') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readBody(req));
      applyOptions(state, parsed as ServerOptions);
    } catch (error) {
      return sendControl(res, 400, errorBody((error as Error).message, 'invalid_request_error', null));
    }
    return sendControl(res, 200, { ok: true });
  }
  if (route === 'POST /__reset') {
    resetState(state);
    return sendControl(res, 200, { ok: true });
  }
  if (route === 'GET /__requests') return sendControl(res, 200, state.requests);
  if (route === 'GET /__stats') return sendControl(res, 200, stats(state));
  sendControl(res, 404, errorBody(`Invalid URL (${route})`, 'invalid_request_error', null));
}

function handle(state: State, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q >= 0 ? url.slice(0, q) : url;
  if (path.startsWith('/__')) {
    handleControl(state, req, res, path).catch((error: unknown) => {
      if (!res.headersSent) sendControl(res, 500, errorBody(String(error), 'server_error', null));
    });
    return;
  }
  const ex = beginExchange(state, req, res, path);
  handleApi(ex, path).catch((error: unknown) => {
    if (ex.closed || ex.res.headersSent) return settle(ex, 0);
    sendError(ex, isHttpError(error) ? error : httpError(500, `test server error: ${String(error)}`, 'server_error', null));
  });
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

function createState(options: ServerOptions): State {
  const state: State = {
    options: {},
    rules: [],
    random: seededRandom(1),
    requests: [],
    total: 0,
    byStatus: {},
    byFault: {},
    inFlight: 0,
    maxInFlight: 0,
    nextId: 1,
    batches: createBatchStore(),
  };
  applyOptions(state, options);
  return state;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Hung and idle keep-alive sockets would otherwise hold close() (and the process) open.
    for (const socket of sockets) socket.destroy();
  });
}

export async function startTestServer(options: ServerOptions & { port?: number; host?: string } = {}): Promise<TestServer> {
  const { port: requestedPort = 0, host = '127.0.0.1', ...serverOptions } = options;
  const state = createState(serverOptions);
  // Load the default encoder up front so the first request's latency is not the tokenizer's.
  await textCounterFor(DEFAULT_MODEL);
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => handle(state, req, res));
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const port = await listen(server, requestedPort, host);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/v1`,
    githubURL: `http://${host}:${port}/inference`,
    port,
    requests: state.requests,
    stats: () => stats(state),
    setOptions: (partial) => applyOptions(state, partial),
    reset: () => resetState(state),
    close: () => (closing ??= closeServer(server, sockets)),
  };
}
