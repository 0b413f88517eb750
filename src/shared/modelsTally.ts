import { heldGrid, type HeldGrid, type ResultGroup } from '../core/compare/resultGroup.js';
import { groupsTally, type GroupsTally } from '../core/record/summary.js';
import type { CaseResult, GroupSummary, RecordCase, RunRecord } from '../core/record/types.js';
import { addEvaluatorNames } from './evaluatorNames.js';
import { keptWhileRunning, type KeptByRun } from './keptWhileRunning.js';
import type { TableRow } from './table.js';
import { hasLatency } from './viewModel.js';

// What a compare-models view takes from a record's results: a row per case with a cell per model,
// each model's results, latencies and summary. As for a results view (resultsTally.ts), a running
// record's are kept with its results array between live frames, and a frame takes in only the
// results added since: their models' lists and summaries grow, and only their cases' rows are made
// again. Made anew, a frame of 100,000 results (3 models) took ~0.26 s of the extension host.

export interface ModelsRow extends TableRow {
  evalCase: RecordCase;
  /** Aligned with record.models; undefined while a model has no result for the case yet. */
  cells: Array<ResultGroup | undefined>;
  /** Models decided differently on this case (pass rates differ). */
  disagree: boolean;
}

export interface ModelsTally {
  /** One per case, in the record's order. */
  rows: ModelsRow[];
  evaluators: string[];
  /** Per model, in the order of record.models: its results, the latencies its chart shows, its summary. */
  byModel: CaseResult[][];
  latencies: number[][];
  summaries: GroupSummary[];
  /** Per model: how many of its results sit in a row (a case of the record). */
  placed: number[];
}

interface Kept {
  cases: readonly RecordCase[];
  caseCount: number;
  models: readonly string[];
  taken: number;
  caseIndex: Map<string, number>;
  modelIndex: Map<string, number>;
  grid: HeldGrid;
  rows: ModelsRow[];
  names: Set<string>;
  byModel: CaseResult[][];
  latencies: number[][];
  summaries: GroupsTally;
  placed: number[];
}

const kept: KeptByRun<Kept> = new WeakMap();

export function modelsTally(record: RunRecord): ModelsTally {
  const state = keptWhileRunning(
    record,
    kept,
    (before) => fits(before, record) && takeNew(before, record.results),
    () => fresh(record),
  );
  return {
    // A copy: the kept rows are replaced as results come, and a view made now keeps what it showed.
    rows: state.rows.slice(),
    evaluators: [...state.names],
    byModel: state.byModel,
    latencies: state.latencies,
    summaries: state.summaries.summaries().groups,
    placed: state.placed.slice(),
  };
}

export function disagreement(cells: ReadonlyArray<ResultGroup | undefined>): boolean {
  const rates = cells.map((c) => c?.passFraction).filter((r): r is number => r !== null && r !== undefined);
  return rates.some((r) => r !== rates[0]);
}

function fits(state: Kept, record: RunRecord): boolean {
  return state.cases === record.cases && state.caseCount === record.cases.length && state.models === record.models && state.taken <= record.results.length;
}

function fresh(record: RunRecord): Kept {
  const modelIndex = new Map(record.models.map((m, i) => [m, i]));
  const state: Kept = {
    cases: record.cases,
    caseCount: record.cases.length,
    models: record.models,
    taken: 0,
    caseIndex: new Map(record.cases.map((c, i) => [c.id, i])),
    modelIndex,
    grid: heldGrid(record.cases.length * record.models.length),
    rows: [],
    names: new Set(),
    byModel: record.models.map(() => []),
    latencies: record.models.map(() => []),
    summaries: groupsTally(record.results, record.models.length, (r) => modelIndex.get(r.model)),
    placed: record.models.map(() => 0),
  };
  takeResults(state, record.results);
  state.rows = record.cases.map((_, c) => rowOf(state, c));
  return state;
}

/** Takes in the results added since; false when the summaries must be made anew (the first repeat of a case came). */
function takeNew(state: Kept, results: readonly CaseResult[]): boolean {
  for (let i = state.taken; i < results.length; i++) if (!state.summaries.add(results[i])) return false;
  for (const c of takeResults(state, results)) state.rows[c] = rowOf(state, c);
  return true;
}

/** Adds results[taken…] to the grid and the per-model lists; the cases whose rows changed. */
function takeResults(state: Kept, results: readonly CaseResult[]): Set<number> {
  const width = state.models.length;
  const changed = new Set<number>();
  for (let i = state.taken; i < results.length; i++) {
    const result = results[i];
    const m = state.modelIndex.get(result.model);
    if (m === undefined) continue;
    state.byModel[m].push(result);
    if (hasLatency(result)) state.latencies[m].push(result.latencyMs);
    const c = state.caseIndex.get(result.caseId);
    if (c === undefined) continue;
    state.grid.add(c * width + m, result);
    state.placed[m]++;
    changed.add(c);
  }
  addEvaluatorNames(state.names, results, state.taken);
  state.taken = results.length;
  return changed;
}

function rowOf(state: Kept, c: number): ModelsRow {
  const width = state.models.length;
  const cells = Array.from({ length: width }, (_, m) => state.grid.groupAt(c * width + m));
  const evalCase = state.cases[c];
  return { order: c, key: evalCase.id, evalCase, cells, disagree: disagreement(cells) };
}
