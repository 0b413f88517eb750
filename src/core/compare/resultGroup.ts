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

/** Groups results by `keyOf` (e.g. case and model), keeping first-seen order of the keys. */
export function groupResults(results: readonly CaseResult[], keyOf: (result: CaseResult) => string): Map<string, ResultGroup> {
  const buckets = new Map<string, CaseResult[]>();
  for (const result of results) {
    const key = keyOf(result);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(result);
    else buckets.set(key, [result]);
  }
  return new Map([...buckets].map(([key, bucket]) => [key, groupOf(bucket)]));
}

export function caseModelKey(caseId: string, model: string): string {
  return `${caseId}\u0000${model}`;
}
