/**
 * The test server's OpenAI Files and Batches endpoints (see openaiServer.ts for the rest):
 *   POST /v1/files                       multipart upload (purpose, file) → a File object;
 *   GET  /v1/files/{id}/content          the file's bytes (application/octet-stream);
 *   POST /v1/batches                     {input_file_id, endpoint, completion_window, metadata} → a Batch;
 *   GET  /v1/batches/{id}                the Batch; each retrieve counts as one poll;
 *   POST /v1/batches/{id}/cancel         status cancelling, cancelled on the next retrieve.
 * A batch answers `in_progress` for `pollsBeforeDone` retrieves (default 1), then runs every line
 * through the same `answer` the chat endpoint uses (reply rules, token counts) – never as a
 * recorded chat-completions request – and becomes `completed` with an output file, plus an error
 * file when some lines failed. Options (`BatchServerOptions`):
 *   errorMatch  lines whose last user message matches this regex fail (error file, status 400);
 *   expire      the batch expires instead: its first `answered` lines are answered, the rest go to
 *               the error file with code `batch_expired`;
 *   maxRequests batches.create refuses an input file with more lines (the provider's limit);
 *   failCreate  batches.create answers a 400 with this message.
 * Cancelling answers the lines `answeredBeforeCancel` (default 0) and cancels the rest (no line).
 */
import http from 'node:http';

export interface BatchServerOptions {
  pollsBeforeDone?: number;
  errorMatch?: string;
  expire?: { answered: number };
  maxRequests?: number;
  failCreate?: string;
  answeredBeforeCancel?: number;
}

/** What a batch line's request gets: the chat endpoint's own answer, or an error. */
export type BatchAnswer = (body: unknown) => Promise<{ status: number; body: unknown }>;

interface StoredFile {
  id: string;
  purpose: string;
  filename: string;
  bytes: Buffer;
  created_at: number;
}

interface StoredBatch {
  object: 'batch';
  id: string;
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  status: string;
  output_file_id: string | null;
  error_file_id: string | null;
  errors: { object: 'list'; data: Array<{ code: string; message: string; line: number | null }> } | null;
  created_at: number;
  metadata: Record<string, string> | null;
  request_counts: { total: number; completed: number; failed: number };
  polls: number;
}

export interface BatchStore {
  files: Map<string, StoredFile>;
  batches: Map<string, StoredBatch>;
  next: number;
}

export function createBatchStore(): BatchStore {
  return { files: new Map(), batches: new Map(), next: 1 };
}

export interface BatchReply {
  status: number;
  body: unknown;
  /** Raw bytes (file content) instead of JSON. */
  raw?: Buffer;
}

const FILE_CONTENT = /^\/v1\/files\/([^/]+)\/content$/;
const BATCH = /^\/v1\/batches\/([^/]+)$/;
const BATCH_CANCEL = /^\/v1\/batches\/([^/]+)\/cancel$/;

/** Answers a Files / Batches route, or undefined when the path is not one. */
export async function handleBatchRoute(
  store: BatchStore,
  options: BatchServerOptions,
  method: string,
  path: string,
  req: http.IncomingMessage,
  rawBody: () => Promise<Buffer>,
  answer: BatchAnswer,
): Promise<BatchReply | undefined> {
  if (method === 'POST' && path === '/v1/files') return upload(store, req, await rawBody());
  let m = FILE_CONTENT.exec(path);
  if (method === 'GET' && m) {
    const file = store.files.get(m[1]);
    return file ? { status: 200, body: null, raw: file.bytes } : notFound(`No such File object: ${m[1]}`);
  }
  if (method === 'POST' && path === '/v1/batches') return create(store, options, JSON.parse((await rawBody()).toString('utf8')) as Record<string, unknown>);
  m = BATCH_CANCEL.exec(path);
  if (method === 'POST' && m) return cancel(store, m[1]);
  m = BATCH.exec(path);
  if (method === 'GET' && m) return retrieve(store, options, m[1], answer);
  return undefined;
}

function notFound(message: string): BatchReply {
  return { status: 404, body: { error: { message, type: 'invalid_request_error', param: null, code: null } } };
}

function badRequest(message: string): BatchReply {
  return { status: 400, body: { error: { message, type: 'invalid_request_error', param: null, code: null } } };
}

async function upload(store: BatchStore, req: http.IncomingMessage, raw: Buffer): Promise<BatchReply> {
  // Node's own multipart parser (undici's Request.formData), as any server framework would use one.
  const form = await new Request('http://test/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: raw }).formData();
  const file = form.get('file');
  const purpose = form.get('purpose');
  if (!(file instanceof Blob) || typeof purpose !== 'string') return badRequest("'file' and 'purpose' are required");
  const id = `file-test${store.next++}`;
  const stored: StoredFile = { id, purpose, filename: file.name ?? 'upload', bytes: Buffer.from(await file.arrayBuffer()), created_at: now() };
  store.files.set(id, stored);
  return { status: 200, body: fileObject(stored) };
}

function fileObject(f: StoredFile): unknown {
  return { object: 'file', id: f.id, purpose: f.purpose, filename: f.filename, bytes: f.bytes.length, created_at: f.created_at, status: 'processed' };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function inputLines(file: StoredFile): string[] {
  return file.bytes
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

function create(store: BatchStore, options: BatchServerOptions, body: Record<string, unknown>): BatchReply {
  if (options.failCreate) return badRequest(options.failCreate);
  const input = store.files.get(String(body.input_file_id));
  if (!input) return notFound(`No such File object: ${String(body.input_file_id)}`);
  if (input.purpose !== 'batch') return badRequest(`File ${input.id} has purpose ${input.purpose}, not batch`);
  if (body.endpoint !== '/v1/chat/completions') return badRequest(`endpoint must be /v1/chat/completions, not ${String(body.endpoint)}`);
  const total = inputLines(input).length;
  if (options.maxRequests !== undefined && total > options.maxRequests) return badRequest(`The batch input file has ${total} requests; the limit is ${options.maxRequests}.`);
  const id = `batch_test${store.next++}`;
  const batch: StoredBatch = {
    object: 'batch',
    id,
    endpoint: body.endpoint,
    input_file_id: input.id,
    completion_window: String(body.completion_window),
    status: 'validating',
    output_file_id: null,
    error_file_id: null,
    errors: null,
    created_at: now(),
    metadata: (body.metadata as Record<string, string> | undefined) ?? null,
    request_counts: { total, completed: 0, failed: 0 },
    polls: 0,
  };
  store.batches.set(id, batch);
  return { status: 200, body: batchObject(batch) };
}

function batchObject(b: StoredBatch): unknown {
  const { polls: _polls, ...rest } = b;
  return rest;
}

function cancel(store: BatchStore, id: string): BatchReply {
  const batch = store.batches.get(id);
  if (!batch) return notFound(`No such Batch object: ${id}`);
  if (['validating', 'in_progress', 'finalizing'].includes(batch.status)) batch.status = 'cancelling';
  return { status: 200, body: batchObject(batch) };
}

async function retrieve(store: BatchStore, options: BatchServerOptions, id: string, answer: BatchAnswer): Promise<BatchReply> {
  const batch = store.batches.get(id);
  if (!batch) return notFound(`No such Batch object: ${id}`);
  batch.polls++;
  if (batch.status === 'cancelling') await finish(store, batch, options, answer, 'cancelled');
  else if (batch.status === 'validating' || batch.status === 'in_progress') {
    if (batch.polls > (options.pollsBeforeDone ?? 1)) await finish(store, batch, options, answer, options.expire ? 'expired' : 'completed');
    else {
      batch.status = 'in_progress';
      batch.request_counts.completed = Math.floor(batch.request_counts.total / 2);
    }
  }
  return { status: 200, body: batchObject(batch) };
}

async function finish(store: BatchStore, batch: StoredBatch, options: BatchServerOptions, answer: BatchAnswer, status: 'completed' | 'expired' | 'cancelled'): Promise<void> {
  const lines = inputLines(store.files.get(batch.input_file_id)!);
  const answered = status === 'expired' ? (options.expire?.answered ?? 0) : status === 'cancelled' ? (options.answeredBeforeCancel ?? 0) : lines.length;
  const errorMatch = options.errorMatch ? new RegExp(options.errorMatch) : undefined;
  const output: string[] = [];
  const errors: string[] = [];
  for (const [index, line] of lines.entries()) {
    const request = JSON.parse(line) as { custom_id: string; body: { messages?: Array<{ role: string; content: unknown }> } };
    const lineId = `batch_req_test${store.next++}`;
    if (index >= answered) {
      if (status === 'expired')
        errors.push(
          JSON.stringify({
            id: lineId,
            custom_id: request.custom_id,
            response: null,
            error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' },
          }),
        );
      continue;
    }
    const lastUser = [...(request.body.messages ?? [])].reverse().find((m) => m.role === 'user');
    if (errorMatch && typeof lastUser?.content === 'string' && errorMatch.test(lastUser.content)) {
      const body = { error: { message: 'This request was refused by the test server (errorMatch).', type: 'invalid_request_error', param: null, code: null } };
      errors.push(JSON.stringify({ id: lineId, custom_id: request.custom_id, response: { status_code: 400, request_id: `req_${lineId}`, body }, error: null }));
      continue;
    }
    const reply = await answer(request.body);
    const target = reply.status === 200 ? output : errors;
    target.push(JSON.stringify({ id: lineId, custom_id: request.custom_id, response: { status_code: reply.status, request_id: `req_${lineId}`, body: reply.body }, error: null }));
  }
  batch.status = status;
  batch.request_counts.completed = output.length;
  batch.request_counts.failed = errors.length;
  if (output.length) batch.output_file_id = storeOutput(store, output, batch.id, 'output');
  if (errors.length) batch.error_file_id = storeOutput(store, errors, batch.id, 'errors');
}

function storeOutput(store: BatchStore, lines: string[], batchId: string, kind: string): string {
  const id = `file-test${store.next++}`;
  store.files.set(id, { id, purpose: 'batch_output', filename: `${batchId}_${kind}.jsonl`, bytes: Buffer.from(`${lines.join('\n')}\n`), created_at: now() });
  return id;
}
