import type { PreparedPrompt, PrepareOptions, RunEstimate, WorkspaceSession } from '../../core/index.js';
import type { ChatMessage } from '../../core/chat.js';
import type { ChatCount, EncodingName, TokenizerChoice } from '../../core/tokens/tokenizer.js';
import type { ParsedPrompt } from '../../core/prompt/parse.js';
import type { Range } from '../../core/diagnostics.js';
import type { EvalCase } from '../../core/dataset/row.js';
import type { ArrayDelta } from './arrayDelta.js';

// The messages between the extension host and the analysis worker (prepareWorker.ts), typed once
// for both sides. The worker parses and checks a prompt file, and counts its tokens for the
// estimate, off the extension host's thread, and sends back plain data: everything but the YAML document, which stays behind (it is not
// cloneable) – the host gets the few positions its editor features ask for, and parses the text
// itself only if something asks for another (remoteYaml.ts).

/** Options a worker can receive: PrepareOptions without its function. */
export type WorkerPrepareOptions = Omit<PrepareOptions, 'readFile'>;

export interface PrepareRequest {
  type: 'prepare';
  id: number;
  file: string;
  /** The editor's text of the prompt file; undefined reads it from disk. */
  text?: string;
  /** Unsaved editor text of other files (datasets), by absolute path. */
  unsaved: Record<string, string>;
  options: WorkerPrepareOptions;
  /**
   * The editor's own check as you type: a row's YAML mistake may be answered at once from that row
   * alone (`provisional`), and the whole-file parse's result follows as an `exact` notice unless a
   * newer check of the file comes first (prepareInline.ts).
   */
  provisional?: boolean;
}

/** The token and cost estimate of a prompt file's text, as estimatePrepared makes it (no VS Code token counters). */
export interface EstimateRequest extends Omit<PrepareRequest, 'type'> {
  type: 'estimate';
  session: WorkspaceSession;
  models: string[];
  /** Mean output tokens per model and per judge model of past runs (read by the host, once per file). */
  outputHistory: [string, number][];
  judgeOutputHistory: [string, number][];
}

/**
 * Tokens of messages for a model (the token hover). Counted here, not on the host: one run of
 * letters with no space or punctuation is matched by the pre-tokenizer in one call, which no time
 * slice can split (~70 ms per million CJK letters).
 */
export interface CountRequest {
  type: 'count';
  id: number;
  /** The prompt file the messages come from. */
  file: string;
  model: string;
  messages: ChatMessage[];
  providerTokenizer?: EncodingName;
}

export type WorkerRequest = PrepareRequest | EstimateRequest | CountRequest;

/** A position the host's editor features read from a prompt file's YAML, as `rangeOf` / `keyRangeOf` would give it. */
export interface Landmark {
  path: (string | number)[];
  key: boolean;
  range: Range;
}

/** The YAML paths the editor asks about (CodeLens, Test Explorer, hover); any other is computed on the host. */
export const LANDMARKS: ReadonlyArray<{ path: (string | number)[]; key: boolean }> = [
  { path: [], key: false },
  { path: ['messages'], key: false },
  { path: ['messages'], key: true },
  { path: ['model'], key: true },
];

/**
 * A prepared prompt as it crosses to the host. `parsed.text` is left out when it is the text the
 * request carried, which the host has: cloning a megabyte back on every check was host time and
 * garbage for nothing.
 */
export type RemotePrepared = Omit<PreparedPrompt, 'parsed'> & { parsed: Omit<ParsedPrompt, 'yaml' | 'text'> & { text?: string } };

/** A check's result: the prepared prompt, the positions the host asks for, and the hash of its text (made here, off the host). */
export interface RemoteCheck {
  prepared: RemotePrepared;
  landmarks: Landmark[];
  textHash: string;
}

export type PrepareResponse = ({ type: 'prepared'; id: number; provisional?: boolean } & RemoteCheck) | { type: 'failed'; id: number; message: string };

/** The whole-file parse's result for a check answered provisionally (`id` is that check's). */
export interface ExactNotice extends RemoteCheck {
  type: 'exact';
  id: number;
  file: string;
}

/** `stopped`: a check of newer text for the file stopped it (see prepareWorker.ts). */
export type EstimateResponse = { type: 'estimated'; id: number; estimate: RunEstimate | undefined; stopped?: boolean } | { type: 'failed'; id: number; message: string };

export type CountResponse = { type: 'counted'; id: number; count: ChatCount & TokenizerChoice } | { type: 'failed'; id: number; message: string };

export type WorkerResponse = PrepareResponse | EstimateResponse | CountResponse;

/**
 * A check's cases and rows as they cross: changes from those of the file's last check that crossed
 * and was not provisional, which each side keeps (checkRows.ts). `prepared` has them left out.
 */
export interface WireRows {
  cases: ArrayDelta<EvalCase>;
  /** The prompt's testData, when it has a prompt. */
  testData?: ArrayDelta<Record<string, unknown>>;
  /** `parsed.data.testData` was the prompt's testData, and is left out too. */
  dataRowsAreTestData: boolean;
}

export type WireCheck = RemoteCheck & { rows: WireRows };

/** A message with a check in it, as it crosses. */
type Wire<M extends RemoteCheck> = Omit<M, keyof RemoteCheck> & WireCheck;

/** Everything the worker posts: answers to requests, and exact results that follow provisional ones. */
export type WorkerMessage = Wire<Extract<PrepareResponse, { type: 'prepared' }>> | Extract<PrepareResponse, { type: 'failed' }> | EstimateResponse | CountResponse | Wire<ExactNotice>;
