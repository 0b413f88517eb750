import type { CaseResult, ResultReview, RunRecord } from './types.js';

// People's reviews of a run's results: a pass or fail a person gave one result, kept beside –
// never instead of – the automatic verdict. A result reviewed twice counts by its latest review.
// From them: the pass rate with people's verdicts applied, and for each LLM judge how often it
// agreed with people – whether that judge can be trusted.

export interface JudgeAgreement {
  /** Reviewed results the judge gave a verdict on. */
  reviewed: number;
  agreed: number;
  /** agreed / reviewed; null when nothing it judged was reviewed. */
  rate: number | null;
}

export interface ReviewSummary {
  /** Results with a review. */
  reviewed: number;
  /** Reviews that disagree with the automatic verdict. */
  overridden: number;
  /** The pass rate when a reviewed result counts as its reviewer said (else as it ran); null when nothing ran. */
  reviewedPassRate: number | null;
  /** Per LLM judge (evaluator name). */
  judges: Record<string, JudgeAgreement>;
}

export function reviewKey(ref: Pick<ResultReview, 'caseId' | 'model' | 'repeat'>): string {
  return JSON.stringify([ref.caseId, ref.model, ref.repeat]);
}

/** The latest review of each result. */
export function latestReviews(reviews: readonly ResultReview[] | undefined): Map<string, ResultReview> {
  const latest = new Map<string, ResultReview>();
  for (const review of reviews ?? []) {
    const key = reviewKey(review);
    const before = latest.get(key);
    if (!before || before.at <= review.at) latest.set(key, review);
  }
  return latest;
}

function counts(result: CaseResult): boolean {
  return result.status !== 'cancelled';
}

export function summarizeReviews(record: Pick<RunRecord, 'results' | 'reviews'>, model?: string): ReviewSummary {
  const latest = latestReviews(record.reviews);
  const summary: ReviewSummary = { reviewed: 0, overridden: 0, reviewedPassRate: null, judges: {} };
  let ran = 0;
  let passed = 0;
  for (const result of record.results) {
    if (!counts(result) || (model !== undefined && result.model !== model)) continue;
    ran++;
    const review = latest.get(reviewKey(result));
    const auto = result.status === 'passed';
    if (!review) {
      if (auto) passed++;
      continue;
    }
    const human = review.verdict === 'pass';
    summary.reviewed++;
    if (human !== auto) summary.overridden++;
    if (human) passed++;
    for (const verdict of result.evaluations) {
      if (!verdict.judge || verdict.evaluatorError) continue;
      const judge = (summary.judges[verdict.name] ??= { reviewed: 0, agreed: 0, rate: null });
      judge.reviewed++;
      if (verdict.passed === human) judge.agreed++;
    }
  }
  summary.reviewedPassRate = ran ? passed / ran : null;
  for (const judge of Object.values(summary.judges)) judge.rate = judge.reviewed ? judge.agreed / judge.reviewed : null;
  return summary;
}
