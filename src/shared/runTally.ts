import { groupsTally, type GroupsTally } from '../core/record/summary.js';
import type { CaseResult, RecordCase, RunRecord } from '../core/record/types.js';
import { addEvaluatorNames } from './evaluatorNames.js';
import { hasLatency } from './viewModel.js';

// What the results and compare-models views both keep of a running record between frames
// (resultsTally.ts, modelsTally.ts): each model's results and latencies, the evaluator names and
// the summaries, grown by the results added since the last frame. A run fills one record object as
// results arrive (src/core/runner.ts), so the state is kept by that record's results array.

export interface RunTally {
  /** What it was made from: another case or model list (or fewer results) and the view is made anew. */
  cases: readonly RecordCase[];
  caseCount: number;
  models: readonly string[];
  /** Results taken in so far: results[0, taken). */
  taken: number;
  caseIndex: Map<string, number>;
  modelIndex: Map<string, number>;
  names: Set<string>;
  /** Per model, in the order of record.models: its results, and the latencies its chart shows. */
  byModel: CaseResult[][];
  latencies: number[][];
  summaries: GroupsTally;
}

/** A tally of none of the record's results yet, but with the summaries of all of them (taken in by takeResults without adding to them again). */
export function runTally(record: RunRecord): RunTally {
  const modelIndex = new Map(record.models.map((m, i) => [m, i]));
  return {
    cases: record.cases,
    caseCount: record.cases.length,
    models: record.models,
    taken: 0,
    caseIndex: new Map(record.cases.map((c, i) => [c.id, i])),
    modelIndex,
    names: new Set(),
    byModel: record.models.map(() => []),
    latencies: record.models.map(() => []),
    summaries: groupsTally(record.results, record.models.length, (r) => modelIndex.get(r.model)),
  };
}

/**
 * Takes in results[taken…]: each model's list and latencies and the evaluator names, and, when
 * `summarise`, the summaries. `each` sees every result with its case's and model's index (undefined
 * when the record does not list it). False, having taken nothing else in, when the summaries must
 * be made anew (a case's first repeat came).
 */
export function takeResults(run: RunTally, results: readonly CaseResult[], summarise: boolean, each: (result: CaseResult, c: number | undefined, m: number | undefined) => void): boolean {
  const from = run.taken;
  if (summarise) for (let i = from; i < results.length; i++) if (!run.summaries.add(results[i])) return false;
  for (let i = from; i < results.length; i++) {
    const result = results[i];
    const m = run.modelIndex.get(result.model);
    if (m !== undefined) {
      run.byModel[m].push(result);
      if (hasLatency(result)) run.latencies[m].push(result.latencyMs);
    }
    each(result, run.caseIndex.get(result.caseId), m);
  }
  addEvaluatorNames(run.names, results, from);
  run.taken = results.length;
  return true;
}

/** What each view keeps per running record, by the record's results array. */
export type KeptByRun<State> = WeakMap<readonly CaseResult[], State>;

/**
 * The state kept for `record`, grown by the results added since (`grow` returns false when it
 * cannot be), or `fresh()` made from all of them. Only a record still running is kept: a finished
 * record's results do not grow.
 */
export function keptWhileRunning<State extends { run: RunTally }>(record: RunRecord, kept: KeptByRun<State>, grow: (state: State) => boolean, fresh: () => State): State {
  const before = record.status === 'running' ? kept.get(record.results) : undefined;
  const state = before && madeFrom(before.run, record) && grow(before) ? before : fresh();
  if (record.status === 'running') kept.set(record.results, state);
  else kept.delete(record.results);
  return state;
}

function madeFrom(run: RunTally, record: RunRecord): boolean {
  return run.cases === record.cases && run.caseCount === record.cases.length && run.models === record.models && run.taken <= record.results.length;
}
