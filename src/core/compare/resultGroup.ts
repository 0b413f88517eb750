import { percentile } from '../stats.js';
import type { CaseResult } from '../record/types.js';
import { resultCost } from '../record/resultCost.js';

// The results of one case on one model (all its repeats), reduced to what a comparison cell shows.

export interface ResultGroup {
  /** Ordered by repeat. */
  results: CaseResult[];
  passed: number;
  /** Passed, failed or errored; cancelled results decide nothing (as in the run summary). */
  decided: number;
  /** passed / decided; null when nothing was decided yet. */
  passFraction: number | null;
  /** The lowest repeat: the output a cell shows. */
  first: CaseResult;
  /** Median latency over the repeats. */
  latencyMs: number;
  /** What the repeats cost when their answers were produced (cache hits included at that cost). */
  costUsd: number;
  /** Some repeat had no known price, so costUsd is a lower bound. */
  costIncomplete: boolean;
  /** Some of it came from the cache (its cost and latency are from when it was produced). */
  cached: boolean;
}

export function groupOf(results: readonly CaseResult[]): ResultGroup {
  if (results.length === 1) return single(results[0]);
  const sorted = [...results].sort((a, b) => a.repeat - b.repeat);
  const passed = sorted.filter((r) => r.status === 'passed').length;
  const decided = sorted.filter((r) => r.status !== 'cancelled').length;
  return {
    results: sorted,
    passed,
    decided,
    passFraction: decided ? passed / decided : null,
    first: sorted[0],
    latencyMs:
      sorted.length === 1
        ? sorted[0].latencyMs
        : percentile(
            sorted.map((r) => r.latencyMs),
            50,
          ),
    costUsd: sorted.reduce((sum, r) => sum + (resultCost(r) ?? 0), 0),
    costIncomplete: sorted.some((r) => resultCost(r) === null && r.status !== 'cancelled' && !r.error),
    cached: sorted.some((r) => r.cacheHit || r.cachedCostUsd !== undefined),
  };
}

/** groupOf of one result, without the arrays: most runs have no repeats, and big views group every result. */
function single(result: CaseResult): ResultGroup {
  const cost = resultCost(result);
  const decided = result.status === 'cancelled' ? 0 : 1;
  const passed = result.status === 'passed' ? 1 : 0;
  return {
    results: [result],
    passed,
    decided,
    passFraction: decided ? passed : null,
    first: result,
    latencyMs: result.latencyMs,
    costUsd: cost ?? 0,
    costIncomplete: cost === null && result.status !== 'cancelled' && !result.error,
    cached: !!result.cacheHit || result.cachedCostUsd !== undefined,
  };
}

/** Results held by cell, to be made into groups: what groupGrid fills, and what a live view keeps between frames. */
export interface HeldGrid {
  add(cell: number, result: CaseResult): void;
  groupAt(cell: number): ResultGroup | undefined;
}

export function heldGrid(size: number): HeldGrid {
  // A cell holds its one result as it is, and a list only from its second (a repeat): most runs
  // have no repeats, and a list per result was a third of the time.
  const cells: Array<CaseResult | CaseResult[] | undefined> = new Array(size);
  return {
    add(cell, result) {
      const held = cells[cell];
      if (held === undefined) cells[cell] = result;
      else if (Array.isArray(held)) held.push(result);
      else cells[cell] = [held, result];
    },
    groupAt(cell) {
      const held = cells[cell];
      return held === undefined ? undefined : Array.isArray(held) ? groupOf(held) : single(held);
    },
  };
}

/**
 * Groups results into a grid of cases × models (index case·width + model) by position, not by
 * string keys: a big run has 100,000s of groups. Results `cellOf` places nowhere are left out.
 */
export function groupGrid(results: readonly CaseResult[], size: number, cellOf: (result: CaseResult) => number | undefined): Array<ResultGroup | undefined> {
  const grid = heldGrid(size);
  for (const result of results) {
    const cell = cellOf(result);
    if (cell !== undefined) grid.add(cell, result);
  }
  return Array.from({ length: size }, (_, cell) => grid.groupAt(cell));
}

export function caseModelKey(caseId: string, model: string): string {
  return `${caseId}\u0000${model}`;
}
