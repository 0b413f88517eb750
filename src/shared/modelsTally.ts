import { heldGrid, type HeldGrid, type ResultGroup } from '../core/compare/resultGroup.js';
import type { CaseResult, GroupSummary, RecordCase, RunRecord } from '../core/record/types.js';
import { keptWhileRunning, runTally, takeResults, type KeptByRun, type RunTally } from './runTally.js';
import type { TableRow } from './table.js';

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
  run: RunTally;
  grid: HeldGrid;
  rows: ModelsRow[];
  placed: number[];
}

const kept: KeptByRun<Kept> = new WeakMap();

export function modelsTally(record: RunRecord): ModelsTally {
  const state = keptWhileRunning(
    record,
    kept,
    (before) => takeNew(before, record.results),
    () => fresh(record),
  );
  const { run } = state;
  return {
    // A copy: the kept rows are replaced as results come, and a view made now keeps what it showed.
    rows: state.rows.slice(),
    evaluators: [...run.names],
    byModel: run.byModel,
    latencies: run.latencies,
    summaries: run.summaries.summaries().groups,
    placed: state.placed.slice(),
  };
}

export function disagreement(cells: ReadonlyArray<ResultGroup | undefined>): boolean {
  const rates = cells.map((c) => c?.passFraction).filter((r): r is number => r !== null && r !== undefined);
  return rates.some((r) => r !== rates[0]);
}

function fresh(record: RunRecord): Kept {
  const state: Kept = { run: runTally(record), grid: heldGrid(record.cases.length * record.models.length), rows: [], placed: record.models.map(() => 0) };
  takeIntoGrid(state, record.results, false);
  state.rows = record.cases.map((_, c) => rowOf(state, c));
  return state;
}

/** Takes in the results added since and makes their cases' rows again; false when the summaries must be made anew (the first repeat of a case came). */
function takeNew(state: Kept, results: readonly CaseResult[]): boolean {
  const changed = takeIntoGrid(state, results, true);
  if (!changed) return false;
  for (const c of changed) state.rows[c] = rowOf(state, c);
  return true;
}

/** Adds the results added since to the grid (`summarise`: to the summaries too); the cases whose rows changed, undefined when the summaries must be made anew. */
function takeIntoGrid(state: Kept, results: readonly CaseResult[], summarise: boolean): Set<number> | undefined {
  const width = state.run.models.length;
  const changed = new Set<number>();
  const taken = takeResults(state.run, results, summarise, (result, c, m) => {
    if (c === undefined || m === undefined) return;
    state.grid.add(c * width + m, result);
    state.placed[m]++;
    changed.add(c);
  });
  return taken ? changed : undefined;
}

function rowOf(state: Kept, c: number): ModelsRow {
  const width = state.run.models.length;
  const cells = Array.from({ length: width }, (_, m) => state.grid.groupAt(c * width + m));
  const evalCase = state.run.cases[c];
  return { order: c, key: evalCase.id, evalCase, cells, disagree: disagreement(cells) };
}
