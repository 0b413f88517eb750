import { clampScore } from './kind.js';
import type { Verdict } from './types.js';

// A case's score and whether it passes. The score is the weighted mean of its evaluators' scores
// (each clamped to 0..1; `weight` defaults to 1, 0 leaves an evaluator out). With
// `workbench.threshold` a case passes at or above it; without, gh's rule stays: every evaluator
// must pass.

/** Two scores this close are equal: 0.1 + 0.2 reaches a threshold of 0.3. */
const EPSILON = 1e-9;

export function caseScore(verdicts: readonly Verdict[]): number | undefined {
  let total = 0;
  let sum = 0;
  for (const v of verdicts) {
    const weight = v.weight ?? 1;
    if (weight <= 0) continue;
    total += weight;
    sum += weight * clampScore(v.score ?? (v.passed ? 1 : 0));
  }
  return total > 0 ? sum / total : undefined;
}

export function casePassed(verdicts: readonly Verdict[], threshold: number | undefined): boolean {
  if (threshold === undefined) return verdicts.every((v) => v.passed);
  const score = caseScore(verdicts);
  return score === undefined || score >= threshold - EPSILON;
}

/** `{ score }` for a result record, when the case has a weighted evaluator. */
export function scoreField(verdicts: readonly Verdict[]): { score?: number } {
  const score = caseScore(verdicts);
  return score === undefined ? {} : { score };
}
