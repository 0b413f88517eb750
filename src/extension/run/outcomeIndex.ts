import type { CaseResult, ResultReview } from '../../core/record/types.js';
import { latestReviews } from '../../core/record/reviews.js';
import { groupBy } from '../../core/groupBy.js';
import { outcomeFrom, outcomesByCase, type CaseOutcome } from './caseOutcome.js';

// The outcome of each case of one prompt's latest run, kept from one live update of a run to the
// next. The core adds results to a running record in place, so an update remakes only the cases
// among the results added since: at 100,000 results, remaking every case took ~200 ms of the
// extension host on each update, and lending unchanged ones (outcomesByCase's `previous`) ~45 ms.

export type OutcomeSource = { readonly results: readonly CaseResult[]; readonly reviews?: readonly ResultReview[] };

/** Outcomes by case id of the record given; the map returned is updated in place by later calls with the same record. */
export type OutcomeIndex = (record: OutcomeSource) => ReadonlyMap<string, CaseOutcome>;

export function createOutcomeIndex(): OutcomeIndex {
  let known: { record: OutcomeSource; results: number; reviews: number; byCase: Map<string, CaseOutcome> } | undefined;
  return (record) => {
    const reviews = record.reviews?.length ?? 0;
    const grown = known?.record === record && known.reviews === reviews && known.results <= record.results.length;
    if (!known || !grown) {
      // Another record (a finished run, a partial run's picture) or new reviews: cases whose
      // results and reviews are the same objects keep their outcome.
      known = { record, results: record.results.length, reviews, byCase: outcomesByCase(record.results, record.reviews, known?.byCase) };
      return known.byCase;
    }
    if (known.results === record.results.length) return known.byCase;
    const latest = latestReviews(record.reviews);
    for (const [id, added] of groupBy(record.results.slice(known.results), (r) => r.caseId)) {
      known.byCase.set(id, outcomeFrom(id, [...(known.byCase.get(id)?.results ?? []), ...added], latest));
    }
    known.results = record.results.length;
    return known.byCase;
  };
}
