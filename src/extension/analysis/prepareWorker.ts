import { readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { checkPromptTextInline, countChatFor, estimatePrepared, preparePrompt, preparePromptTextInline, sha256, type InlineCheck, type PreparedPrompt } from '../../core/index.js';
import {
  LANDMARKS,
  type CountRequest,
  type CountResponse,
  type RemoteCheck,
  type EstimateRequest,
  type EstimateResponse,
  type ExactNotice,
  type PrepareRequest,
  type PrepareResponse,
  type WorkerMessage,
  type WorkerRequest,
  type WorkerResponse,
} from './workerProtocol.js';
import { checkToWire, type RowsCrossed } from './checkRows.js';

// The analysis worker: parses, loads and checks a prompt file – and counts its tokens for the
// estimate – on its own thread, so a large inline testData (a YAML parse of a megabyte takes most
// of a second, counting 5,000 rows as long again) never holds the extension host.
// No `vscode` here: the host sends the editor's unsaved text along with each request.

/** The last text prepared: an estimate follows its check a moment later and needs no second parse. */
let last: { request: PrepareRequest | EstimateRequest; prepared: PreparedPrompt } | undefined;

function sameInput(a: PrepareRequest | EstimateRequest, b: PrepareRequest | EstimateRequest): boolean {
  const keys = Object.keys(a.unsaved);
  return (
    a.file === b.file &&
    a.text !== undefined &&
    a.text === b.text &&
    JSON.stringify(a.options) === JSON.stringify(b.options) &&
    keys.length === Object.keys(b.unsaved).length &&
    keys.every((k) => a.unsaved[k] === b.unsaved[k])
  );
}

function optionsFor(request: PrepareRequest | EstimateRequest) {
  return { ...request.options, readFile: async (file: string) => request.unsaved[file] ?? (await readFile(file)) };
}

async function preparedFor(request: PrepareRequest | EstimateRequest): Promise<PreparedPrompt> {
  if (last && sameInput(last.request, request)) return last.prepared;
  const options = optionsFor(request);
  const result = request.text === undefined ? await preparePrompt(request.file, options) : await preparePromptTextInline(request.text, request.file, options);
  last = { request, prepared: result };
  return result;
}

/** preparedFor, or a provisional result at once when a row of the editor's text has YAML mistakes (prepareInline.ts). */
async function checkedFor(request: PrepareRequest & { text: string }): Promise<InlineCheck> {
  if (last && sameInput(last.request, request)) return { prepared: last.prepared };
  const check = await checkPromptTextInline(request.text, request.file, optionsFor(request));
  if (!check.exact) last = { request, prepared: check.prepared };
  return check;
}

/**
 * The latest check of each file that may be answered provisionally. The whole-file parse behind a
 * provisional answer waits EXACT_AFTER_MS and is left undone when a newer check of the file comes
 * in meanwhile: while you type through a half-written line, or fix the mistake once it shows,
 * nothing parses the whole file (~0.5 s for 5,000 rows, which the check of your next keystroke
 * would wait behind). The provisional answer already points at the row; the exact one only words
 * a runaway mistake (an unclosed quote) as the whole-file parse does, so it can wait a second.
 */
const latestCheck = new Map<string, number>();
const EXACT_AFTER_MS = 1000;

async function exactLater(request: PrepareRequest, exact: () => Promise<PreparedPrompt>): Promise<void> {
  if (latestCheck.get(request.file) !== request.id) return;
  const prepared = await exact();
  // A newer check came in meanwhile: its result is the one to keep (`last` holds one).
  if (latestCheck.get(request.file) !== request.id) return;
  last = { request, prepared };
  post({ type: 'exact', id: request.id, file: request.file, ...remote(prepared, request) }, request);
}

/** What crosses to the host: the result without its YAML document (nor the request's own text), the positions the host asks for, and the text's hash. */
function remote(result: PreparedPrompt, request: PrepareRequest): RemoteCheck {
  const { yaml, text, ...parsed } = result.parsed;
  const landmarks = LANDMARKS.map(({ path, key }) => ({ path, key, range: key ? yaml.keyRangeOf(path) : yaml.rangeOf(path) }));
  return { prepared: { ...result, parsed: text === request.text ? parsed : { ...parsed, text } }, landmarks, textHash: sha256(text) };
}

/**
 * Estimates in progress, by file. Counting yields to this thread's event loop between slices, so a
 * check of newer text arrives meanwhile: it stops the estimate of the older text, which would be
 * thrown away, instead of waiting behind it.
 */
const estimating = new Map<string, AbortController>();

async function prepare(request: PrepareRequest): Promise<PrepareResponse> {
  estimating.get(request.file)?.abort();
  const text = request.text;
  if (!request.provisional || text === undefined) return { type: 'prepared', id: request.id, ...remote(await preparedFor(request), request) };
  latestCheck.set(request.file, request.id);
  const check = await checkedFor({ ...request, text });
  const exact = check.exact;
  if (!exact) return { type: 'prepared', id: request.id, ...remote(check.prepared, request) };
  // Should the whole-file parse fail, the provisional answer stands (it is an error already).
  setTimeout(() => void exactLater(request, exact).catch(() => undefined), EXACT_AFTER_MS);
  return { type: 'prepared', id: request.id, ...remote(check.prepared, request), provisional: true };
}

async function estimate(request: EstimateRequest): Promise<EstimateResponse> {
  const abort = new AbortController();
  estimating.get(request.file)?.abort();
  estimating.set(request.file, abort);
  try {
    const result = await estimatePrepared(request.session, await preparedFor(request), {
      models: request.models,
      outputHistory: new Map(request.outputHistory),
      judgeOutputHistory: new Map(request.judgeOutputHistory),
      signal: abort.signal,
    });
    return { type: 'estimated', id: request.id, estimate: result };
  } catch (error) {
    // Stopped for newer text: no estimate of this one; the host asks again if it still wants it.
    if (abort.signal.aborted) return { type: 'estimated', id: request.id, estimate: undefined, stopped: true };
    throw error;
  } finally {
    if (estimating.get(request.file) === abort) estimating.delete(request.file);
  }
}

async function count(request: CountRequest): Promise<CountResponse> {
  return { type: 'counted', id: request.id, count: await countChatFor(request.model, request.messages, request.providerTokenizer) };
}

function handle(request: WorkerRequest): Promise<WorkerResponse> {
  if (request.type === 'count') return count(request);
  return request.type === 'estimate' ? estimate(request) : prepare(request);
}

/**
 * Background work: on Linux this thread lowers its own scheduling priority (setpriority on its
 * thread id), so on a busy machine the extension host and the editor get the CPU before a parse
 * does. Elsewhere it stays as it is.
 */
function yieldCpuToTheEditor(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // not Linux, or not allowed: the worker still keeps the host free, only without the priority
  }
}

yieldCpuToTheEditor();

/** Per file, the rows of the last check posted, as the host keeps them (checkRows.ts). */
const crossed: RowsCrossed = new Map();

/** A message as it crosses: a check's rows as changes from the last ones posted (checkRows.ts). */
function wireOf(message: WorkerResponse | ExactNotice, file: string): { wire: WorkerMessage; sent: () => void } {
  if (message.type !== 'prepared' && message.type !== 'exact') return { wire: message, sent: () => undefined };
  return checkToWire(message, file, crossed, message.type === 'exact' || !message.provisional);
}

function post(message: WorkerResponse | ExactNotice, request: WorkerRequest): void {
  try {
    const { wire, sent } = wireOf(message, request.file);
    parentPort?.postMessage(wire);
    sent();
  } catch (error) {
    // Something in the result could not be cloned: the host prepares this one itself.
    parentPort?.postMessage({ type: 'failed', id: request.id, message: `not cloneable: ${(error as Error).message}` } satisfies WorkerResponse);
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  void handle(request)
    .catch((error: unknown): WorkerResponse => ({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) }))
    .then((response) => post(response, request));
});
