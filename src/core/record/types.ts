import type { ModelParameters } from '../prompt/modelParameters.js';
import type { ChatMessage, RequestErrorKind, Usage } from '../providers/types.js';
import type { Verdict } from '../evaluators/types.js';
import type { Range } from '../diagnostics.js';
import type { Trajectory } from '../tools/trajectory.js';
import type { Evaluator } from '../prompt/schema.js';
import type { BatchJob, BatchRunOptions, RecordBatch } from '../batch/types.js';

// The run record, read by the editor, the webview and comparisons. Version 2 is JSON Lines – a
// header, the cases, one line per result as it finishes, an end line with the summary – so a run of
// any size streams to disk and holds nothing; version 1 (one JSON document) is still read.
// docs/run-record.md describes every field. Bump RUN_RECORD_VERSION on any incompatible change and
// keep readers accepting older versions.

export const RUN_RECORD_SCHEMA = 'prompt-workbench/run-record';
export const RUN_RECORD_VERSION = 2;

/** `pending`: a batch run waiting for its provider batches (see `batch`). */
export type RunStatus = 'running' | 'pending' | 'completed' | 'cancelled' | 'failed';
export type ResultStatus = 'passed' | 'failed' | 'errored' | 'cancelled';

export interface RunRecord {
  schema: typeof RUN_RECORD_SCHEMA;
  version: number;
  id: string;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  tool: { name: 'prompt-workbench'; version: string };
  prompt: RecordPrompt;
  git?: { commit: string; dirty: boolean; branch?: string };
  models: string[];
  parameters: ModelParameters;
  responseFormat?: string;
  options: RunOptionsRecord;
  /** Why the run stopped early, when status is failed. */
  error?: string;
  /** How many cases the run was given (the header says so before the first case line); absent in records written before it was added – count `cases`. */
  caseCount?: number;
  cases: RecordCase[];
  /** One entry per case × model × repeat, in the order they finished. */
  results: CaseResult[];
  summary: RunSummary;
  /** A batch run's provider batches (see src/core/batch/). */
  batch?: RecordBatch;
  /**
   * In memory only, never written: the record holds only the results its reports need – those that
   * did not pass, every repeat of a case that did not pass them all, ambiguous judge replies – and
   * their cases (see record/keeper.ts). `omitted` counts such results left out beyond the cap. The
   * file has every result.
   */
  kept?: KeptNote;
  /** People's reviews of results, in the order given (see reviews.ts); absent when none. */
  reviews?: ResultReview[];
}

/** A person's pass or fail for one result, beside its automatic verdict (appended to the record as a `review` line). */
export interface ResultReview {
  caseId: string;
  model: string;
  repeat: number;
  verdict: 'pass' | 'fail';
  /** ISO time of the review. */
  at: string;
  note?: string;
}

/** A run and the record file it wrote (an absolute path), when it wrote one. */
export interface FinishedRun {
  record: RunRecord;
  file?: string;
  /** The folder the record's paths are relative to (its session's config folder), when known. */
  root?: string;
}

/** Everything a record says before its first case: what ran, how, where. */
/** Why a record in memory holds fewer results than the file (runner's keepResults: 'failing'). */
export interface KeptNote {
  only: 'failing';
  /** Results that qualified but were left out beyond the cap. */
  omitted: number;
  /** With repeats: every case × model's tally, in case and model order (its results are mostly let go). */
  repeats?: RepeatTally[];
}

export interface RepeatTally {
  caseId: string;
  model: string;
  passed: number;
  /** Passed, failed or errored repeats. */
  decided: number;
}

export type RecordHeader = Omit<RunRecord, 'cases' | 'results' | 'summary' | 'status' | 'finishedAt' | 'error' | 'kept' | 'batch' | 'reviews'>;

/** The end line: how the run ended and its summary. A record without one was cut short. */
export interface RecordEnd {
  status: RunStatus;
  finishedAt: string;
  error?: string;
  summary: RunSummary;
}

/** One line of a version-2 record. Batch runs add `batch` lines (a provider batch's latest state) and one `batch-cases` line; people's reviews are `review` lines at the end. */
export type RecordLine =
  | ({ type: 'header' } & RecordHeader)
  | ({ type: 'case' } & RecordCase)
  | ({ type: 'result' } & CaseResult)
  | ({ type: 'end' } & RecordEnd)
  | ({ type: 'batch' } & BatchJob)
  | { type: 'batch-cases'; count: number }
  | ({ type: 'review' } & ResultReview);

export interface RecordPrompt {
  /** Workspace-relative path. */
  path: string;
  name?: string;
  description?: string;
  /** sha256 of the file's text at run time. */
  contentHash: string;
  /** The file's text at run time, so any two runs can be compared without git. */
  content: string;
  datasets: { path: string; contentHash: string; rows: number }[];
}

export interface RunOptionsRecord {
  repeat: number;
  concurrency: number;
  cache: boolean;
  timeoutMs: number;
  maxRetries: number;
  /** Set on batch runs. */
  batch?: BatchRunOptions;
}

export interface RecordCase {
  id: string;
  label: string;
  vars: Record<string, unknown>;
  expected?: unknown;
  /** Where the row lives: workspace-relative file and 0-based range. */
  source: { file: string; range: Range };
  /** The row's `_messages`: earlier turns of the conversation. */
  turns?: ChatMessage[];
  /** The row's `_images` as written: paths relative to `source.file`, or https URLs. */
  images?: string[];
  /** The row's own `_evaluators`, in batch records (a resume rebuilds the cases from the record). */
  evaluators?: Evaluator[];
}

export interface ResultError {
  kind: RequestErrorKind | 'evaluator';
  message: string;
  status?: number;
}

export interface CaseResult {
  caseId: string;
  model: string;
  /** 0-based repeat index. */
  repeat: number;
  status: ResultStatus;
  messages: ChatMessage[];
  output?: string;
  /** The output parsed as JSON, when it is JSON. */
  json?: unknown;
  evaluations: Verdict[];
  /** Weighted mean of the evaluators' scores, 0..1 (see evaluators/score.ts). */
  score?: number;
  usage?: Usage;
  /** USD for this case including judge calls; 0 on a cache hit; null when the model has no known price. */
  costUsd: number | null;
  /** USD the judge calls cost, included in costUsd. */
  judgeCostUsd?: number;
  /**
   * When the answer or a judge reply came from the cache: what those cost when they were produced
   * (null: no known price). costUsd is only what this run spent; the answer's own cost is the sum.
   */
  cachedCostUsd?: number | null;
  /** On a cache hit, the latency the answer had when it was produced. */
  latencyMs: number;
  cacheHit: boolean;
  attempts: number;
  finishReason?: string;
  /** The API's `message.refusal`, kept apart from the output. */
  refusal?: string;
  /** Streamed requests: milliseconds to the first token of the case's first request. */
  ttftMs?: number;
  /** Prompts with tools: every call, its arguments and the mocked result, turn by turn; how the loop ended. */
  trajectory?: Trajectory;
  error?: ResultError;
  startedAt: string;
  /** The provider batch that answered it (batch runs); its latencyMs is 0 and it counts in no latency percentile. */
  batch?: { id: string };
}

export interface LatencySummary {
  p50: number;
  p95: number;
}

export interface GroupSummary {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  cancelled: number;
  /** passed / (passed + failed + errored); cancelled results do not count. null when nothing ran. */
  passRate: number | null;
  /** 95% interval for the pass rate (Wilson; a case-level bootstrap when cases were repeated). */
  passRateInterval?: [number, number];
  /** USD this run spent (cache hits cost nothing now). */
  costUsd: number;
  /** What the cached answers and judge replies cost when they were produced; costUsd + cachedCostUsd is what the results cost. */
  cachedCostUsd?: number;
  /** True when some results had no known price, so costUsd is a lower bound. */
  costIncomplete: boolean;
  /** (costUsd + cachedCostUsd) / passed: what a passing case costs, wherever its answer came from. */
  costPerPassingCase: number | null;
  /** Tokens of the answers (the prompt's own requests); the judges' are in judgeTokens. */
  inputTokens: number;
  outputTokens: number;
  /** Tokens of the LLM-judge calls (their cost is in costUsd), when any judge reported usage. */
  judgeTokens?: { inputTokens: number; outputTokens: number };
  cacheHits: number;
  latencyMs: LatencySummary | null;
  /** Time to first token over streamed requests that were made (cache hits left out); absent when none streamed. */
  ttftMs?: LatencySummary;
  /** Mean score per named metric (`metric:` on evaluators), when any evaluator names one. */
  metrics?: Record<string, MetricSummary>;
  /** With repeats: pass^k, pass@k and flaky cases, from per-case tallies (absent in records written before it was added). */
  repeats?: RepeatSummary;
}

/** Cases run k times: pass^k (every repeat passed) and pass@k (some repeat passed), over cases × models. */
export interface RepeatSummary {
  /** The most repeats any case had. */
  k: number;
  /** Cases with at least one decided repeat. */
  cases: number;
  passAll: number;
  passAny: number;
  flaky: number;
  passAllRate: number | null;
  passAnyRate: number | null;
}

export interface MetricSummary {
  /** 0..1 */
  mean: number;
  /** How many verdicts it averages. */
  count: number;
}

export interface RunSummary extends GroupSummary {
  durationMs: number;
  byModel: Record<string, GroupSummary>;
}
