import { groupsTally, type GroupsTally } from '../core/record/summary.js';
import { latestReviews, reviewKey } from '../core/record/reviews.js';
import type { CaseResult, GroupSummary, RecordCase, ResultReview, RunRecord } from '../core/record/types.js';
import { addEvaluatorNames } from './evaluatorNames.js';
import { keptWhileRunning, type KeptByRun } from './keptWhileRunning.js';
import type { TableRow } from './table.js';
import { hasLatency } from './viewModel.js';

// What a results view takes from a record's results: the rows in record order, the evaluators,
// each model's results and latencies, the summaries. A run in progress fills one record object as
// results arrive (src/core/runner.ts) and its view is rebuilt every few hundred ms: made anew each
// time, that took 0.3–0.45 s of the extension host at 100,000 results. So while a record runs,
// what was made is kept with its results array, and each rebuild takes in only the results added
// since: sorted among themselves, then merged in where they belong (mostly at the end).

export interface ResultRow extends TableRow {
  result: CaseResult;
  evalCase?: RecordCase;
  /** The latest review of this result, when a person reviewed it. */
  review?: ResultReview;
}

export interface ResultsTally {
  /** By case, then model, then repeat, whatever order the results finished in; results of cases or models not listed go last. */
  rows: ResultRow[];
  evaluators: string[];
  /** Each model's results, and the latencies its chart shows, in the order of record.models. */
  byModel: CaseResult[][];
  latencies: number[][];
  all: GroupSummary;
  groups: GroupSummary[];
  /** Some result made tool calls; some was streamed (time to first token); some is a repeat of its case. */
  tools: boolean;
  streamed: boolean;
  repeats: boolean;
}

interface Kept {
  /** What the kept parts were made from: any other (a review added, a case list replaced) and they are made anew. */
  cases: readonly RecordCase[];
  caseCount: number;
  models: readonly string[];
  reviews: RunRecord['reviews'];
  reviewCount: number;
  /** Results taken in so far: results[0, taken). */
  taken: number;
  caseIndex: Map<string, number>;
  caseById: Map<string, RecordCase>;
  modelIndex: Map<string, number>;
  latest: Map<string, ResultReview>;
  rows: ResultRow[];
  names: Set<string>;
  byModel: CaseResult[][];
  latencies: number[][];
  summaries: GroupsTally;
  tools: boolean;
  streamed: boolean;
  repeats: boolean;
}

const kept: KeptByRun<Kept> = new WeakMap();

export function resultsTally(record: RunRecord): ResultsTally {
  const state = keptWhileRunning(
    record,
    kept,
    (before) => fits(before, record) && takeNew(before, record.results),
    () => fresh(record),
  );
  const { all, groups } = state.summaries.summaries();
  // A copy: the kept rows grow with the next results, and a view made now keeps what it showed.
  return {
    rows: state.rows.slice(),
    evaluators: [...state.names],
    byModel: state.byModel,
    latencies: state.latencies,
    all,
    groups,
    tools: state.tools,
    streamed: state.streamed,
    repeats: state.repeats,
  };
}

function fits(state: Kept, record: RunRecord): boolean {
  return (
    state.cases === record.cases &&
    state.caseCount === record.cases.length &&
    state.models === record.models &&
    state.reviews === record.reviews &&
    state.reviewCount === (record.reviews?.length ?? 0) &&
    state.taken <= record.results.length
  );
}

function fresh(record: RunRecord): Kept {
  const modelIndex = new Map(record.models.map((m, i) => [m, i]));
  const state: Kept = {
    cases: record.cases,
    caseCount: record.cases.length,
    models: record.models,
    reviews: record.reviews,
    reviewCount: record.reviews?.length ?? 0,
    taken: 0,
    caseIndex: new Map(record.cases.map((c, i) => [c.id, i])),
    caseById: new Map(record.cases.map((c) => [c.id, c])),
    modelIndex,
    latest: latestReviews(record.reviews),
    rows: [],
    names: new Set(),
    byModel: record.models.map(() => []),
    latencies: record.models.map(() => []),
    summaries: groupsTally(record.results, record.models.length, (r) => modelIndex.get(r.model)),
    tools: false,
    streamed: false,
    repeats: false,
  };
  takeRows(state, record.results);
  return state;
}

/** Takes in the results added since; false when the summaries must be made anew (the first repeat of a case came). */
function takeNew(state: Kept, results: readonly CaseResult[]): boolean {
  for (let i = state.taken; i < results.length; i++) if (!state.summaries.add(results[i])) return false;
  takeRows(state, results);
  return true;
}

interface Placed {
  row: ResultRow;
  c: number;
  m: number;
  repeat: number;
}

function takeRows(state: Kept, results: readonly CaseResult[]): void {
  const from = state.taken;
  if (from === results.length) return;
  const placed: Placed[] = [];
  for (let i = from; i < results.length; i++) {
    const result = results[i];
    const m = state.modelIndex.get(result.model);
    if (m !== undefined) {
      state.byModel[m].push(result);
      if (hasLatency(result)) state.latencies[m].push(result.latencyMs);
    }
    if (result.trajectory) state.tools = true;
    if (result.ttftMs !== undefined) state.streamed = true;
    if (result.repeat > 0) state.repeats = true;
    const row: ResultRow = {
      order: 0,
      key: `${result.caseId}/${result.model}/${result.repeat}`,
      result,
      evalCase: state.caseById.get(result.caseId),
      review: state.latest.size ? state.latest.get(reviewKey(result)) : undefined,
    };
    placed.push(placeOf(state, row));
  }
  addEvaluatorNames(state.names, results, from);
  mergeRows(state, placed.sort(compare));
  state.taken = results.length;
}

function placeOf(state: Kept, row: ResultRow): Placed {
  return { row, c: state.caseIndex.get(row.result.caseId) ?? Infinity, m: state.modelIndex.get(row.result.model) ?? Infinity, repeat: row.result.repeat };
}

function compare(a: Placed, b: Placed): number {
  return a.c - b.c || a.m - b.m || a.repeat - b.repeat;
}

/**
 * Merges the new rows, sorted, into the kept ones. Only the kept rows after the first new one are
 * moved: a run's results come nearly in order, so that is a few rows, not 100,000. On a tie the
 * kept row stays first, as a stable sort of all results would place it.
 */
function mergeRows(state: Kept, placed: readonly Placed[]): void {
  const rows = state.rows;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(placeOf(state, rows[mid]), placed[0]) <= 0) lo = mid + 1;
    else hi = mid;
  }
  const moved = rows.slice(lo).map((row) => placeOf(state, row));
  rows.length = lo;
  let i = 0;
  let j = 0;
  while (i < moved.length || j < placed.length) {
    const next = j >= placed.length || (i < moved.length && compare(moved[i], placed[j]) <= 0) ? moved[i++] : placed[j++];
    next.row.order = rows.length;
    rows.push(next.row);
  }
}
