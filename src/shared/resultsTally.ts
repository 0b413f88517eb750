import { latestReviews, reviewKey } from '../core/record/reviews.js';
import type { CaseResult, GroupSummary, RecordCase, ResultReview, RunRecord } from '../core/record/types.js';
import { keptWhileRunning, runTally, takeResults, type KeptByRun, type RunTally } from './runTally.js';
import type { TableRow } from './table.js';

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
  run: RunTally;
  /** The reviews the rows were made with: other reviews (one added) and the view is made anew. */
  reviews: RunRecord['reviews'];
  reviewCount: number;
  caseById: Map<string, RecordCase>;
  latest: Map<string, ResultReview>;
  rows: ResultRow[];
  tools: boolean;
  streamed: boolean;
  repeats: boolean;
}

const kept: KeptByRun<Kept> = new WeakMap();

export function resultsTally(record: RunRecord): ResultsTally {
  const state = keptWhileRunning(
    record,
    kept,
    (before) => sameReviews(before, record) && takeRows(before, record.results, true),
    () => fresh(record),
  );
  const { run } = state;
  const { all, groups } = run.summaries.summaries();
  // A copy: the kept rows grow with the next results, and a view made now keeps what it showed.
  return {
    rows: state.rows.slice(),
    evaluators: [...run.names],
    byModel: run.byModel,
    latencies: run.latencies,
    all,
    groups,
    tools: state.tools,
    streamed: state.streamed,
    repeats: state.repeats,
  };
}

function sameReviews(state: Kept, record: RunRecord): boolean {
  return state.reviews === record.reviews && state.reviewCount === (record.reviews?.length ?? 0);
}

function fresh(record: RunRecord): Kept {
  const state: Kept = {
    run: runTally(record),
    reviews: record.reviews,
    reviewCount: record.reviews?.length ?? 0,
    caseById: new Map(record.cases.map((c) => [c.id, c])),
    latest: latestReviews(record.reviews),
    rows: [],
    tools: false,
    streamed: false,
    repeats: false,
  };
  takeRows(state, record.results, false);
  return state;
}

interface Placed {
  row: ResultRow;
  c: number;
  m: number;
  repeat: number;
}

/** Takes in the results added since (`summarise`: into the summaries too) and merges their rows in; false when the summaries must be made anew. */
function takeRows(state: Kept, results: readonly CaseResult[], summarise: boolean): boolean {
  const placed: Placed[] = [];
  const taken = takeResults(state.run, results, summarise, (result, c, m) => {
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
    placed.push({ row, c: c ?? Infinity, m: m ?? Infinity, repeat: result.repeat });
  });
  if (placed.length) mergeRows(state, placed.sort(compare));
  return taken;
}

function placeOf({ run }: Kept, row: ResultRow): Placed {
  return { row, c: run.caseIndex.get(row.result.caseId) ?? Infinity, m: run.modelIndex.get(row.result.model) ?? Infinity, repeat: row.result.repeat };
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
