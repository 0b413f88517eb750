import type { CaseResult, ResultReview } from '../../core/record/types.js';
import { latestReviews, reviewKey } from '../../core/record/reviews.js';
import { median } from '../format.js';
import { groupBy } from '../../core/groupBy.js';

// One verdict per case from its results across models and repeats: what decorations, Problems
// entries and Test Explorer states all show, so they never disagree.

export type CaseState = 'passed' | 'failed' | 'errored' | 'cancelled';

export interface Failure {
  model: string;
  repeat: number;
  status: 'failed' | 'errored';
  /** The first failing evaluator, when an evaluator failed. */
  evaluator?: string;
  reason: string;
  /** JSON paths where the output broke the schema. */
  schemaPaths: string[];
  output?: string;
}

export interface CaseOutcome {
  caseId: string;
  state: CaseState;
  /** Results counted in the pass rate: passed + failed + errored (cancelled ones are not). */
  decided: number;
  passed: number;
  cancelled: number;
  models: string[];
  /** Median over results that got an answer. */
  latencyMs: number | null;
  /** Sum of known costs; null when no result had a price. */
  costUsd: number | null;
  failures: Failure[];
  results: CaseResult[];
  /** People's latest reviews of these results (beside their automatic verdicts). */
  reviews: ResultReview[];
}

export function caseOutcome(caseId: string, results: readonly CaseResult[], reviews: readonly ResultReview[] = []): CaseOutcome {
  const count = (status: CaseResult['status']) => results.filter((r) => r.status === status).length;
  const passed = count('passed');
  const failed = count('failed');
  const errored = count('errored');
  const answered = results.filter((r) => r.status === 'passed' || r.status === 'failed');
  const costs = results.map((r) => r.costUsd).filter((c): c is number => typeof c === 'number');
  return {
    caseId,
    state: failed ? 'failed' : errored ? 'errored' : passed ? 'passed' : 'cancelled',
    decided: passed + failed + errored,
    passed,
    cancelled: count('cancelled'),
    models: [...new Set(results.map((r) => r.model))],
    latencyMs: median(answered.map((r) => r.latencyMs)),
    costUsd: costs.length ? costs.reduce((a, b) => a + b, 0) : null,
    failures: results.flatMap((r) => failureOf(r) ?? []),
    results: [...results],
    reviews: [...reviews],
  };
}

/**
 * Outcomes keyed by case id, for the cases that have results. `previous` (an earlier call's map)
 * lends its outcome of each case whose results and reviews are the very same objects: results are
 * only ever added to a run, so a live update of a run rebuilds just the cases that got one since.
 */
export function outcomesByCase(results: readonly CaseResult[], reviews?: readonly ResultReview[], previous?: ReadonlyMap<string, CaseOutcome>): Map<string, CaseOutcome> {
  const latest = latestReviews(reviews);
  const outcomes = new Map<string, CaseOutcome>();
  for (const [id, rs] of groupBy(results, (r) => r.caseId)) {
    const before = previous?.get(id);
    const lent = before && sameItems(before.results, rs) && sameItems(before.reviews, reviewsOf(rs, latest));
    outcomes.set(id, lent ? before : outcomeFrom(id, rs, latest));
  }
  return outcomes;
}

/** A case's outcome from its results (sorted here, in place) and the latest review of each result. */
export function outcomeFrom(caseId: string, results: CaseResult[], latest: ReadonlyMap<string, ResultReview>): CaseOutcome {
  const sorted = sortResults(results);
  return caseOutcome(caseId, sorted, reviewsOf(sorted, latest));
}

function reviewsOf(results: readonly CaseResult[], latest: ReadonlyMap<string, ResultReview>): ResultReview[] {
  return latest.size ? results.flatMap((r) => latest.get(reviewKey(r)) ?? []) : [];
}

/** The same objects, in any order. */
function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length <= 8) return b.every((item) => a.includes(item));
  const set = new Set(a);
  return b.every((item) => set.has(item));
}

function sortResults(results: CaseResult[]): CaseResult[] {
  return results.sort((a, b) => a.model.localeCompare(b.model) || a.repeat - b.repeat);
}

export function failureOf(r: CaseResult): Failure | undefined {
  if (r.status === 'errored') {
    const reason = r.error ? `${r.error.kind === 'evaluator' ? 'evaluator error' : r.error.kind}: ${r.error.message}` : 'errored';
    return { model: r.model, repeat: r.repeat, status: 'errored', reason, schemaPaths: [], output: r.output };
  }
  if (r.status !== 'failed') return undefined;
  const verdict = r.evaluations.find((v) => !v.passed);
  return {
    model: r.model,
    repeat: r.repeat,
    status: 'failed',
    evaluator: verdict?.name,
    reason: verdict ? `${verdict.name}: ${verdict.reason}` : 'failed',
    schemaPaths: [...new Set((verdict?.schemaErrors ?? []).map((e) => e.path))],
    output: r.output,
  };
}
