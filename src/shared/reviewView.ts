import { summarizeReviews } from '../core/record/reviews.js';
import type { CaseResult, ResultReview, RunRecord } from '../core/record/types.js';
import { percent } from './format.js';
import type { Cell } from './table.js';
import type { Action, SummaryBlock, SummaryCard } from './viewModel.js';

// People's reviews in the results view: the review beside the automatic verdict in the Result
// column and the details, the actions that record one (or accept the output as the row's
// expected answer), and the summary's reviewed pass rate and judge agreement.

export function reviewText(review: ResultReview): string {
  const when = review.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  return `${review.verdict === 'pass' ? '✓ pass' : '✗ fail'} by a person · ${when}${review.note ? ` · ${review.note}` : ''}`;
}

/** "✗ failed · 👤✓": the automatic verdict stays; the person's follows it. */
export function withReview(cell: Cell, review: ResultReview | undefined): Cell {
  if (!review) return cell;
  const mark = review.verdict === 'pass' ? '✓' : '✗';
  return { ...cell, text: `${cell.text} · reviewed ${mark}`, title: `Automatic: ${cell.text}; reviewed: ${reviewText(review)}` };
}

/** Review actions on a finished result: pass, fail, and accepting a text output as the row's expected answer. */
export function reviewActions(record: Pick<RunRecord, 'id' | 'status'>, result: CaseResult): Action[] {
  // A run still writing its record (or a batch run waiting for its batches) takes no reviews yet.
  if (record.status === 'running' || record.status === 'pending' || result.status === 'cancelled') return [];
  const ref = { recordId: record.id, caseId: result.caseId, model: result.model, repeat: result.repeat };
  const actions: Action[] = [
    { label: 'Mark pass', message: { type: 'review', result: ref, verdict: 'pass' } },
    { label: 'Mark fail', message: { type: 'review', result: ref, verdict: 'fail' } },
  ];
  if (typeof result.output === 'string' && !result.error) actions.push({ label: 'Accept output as expected', message: { type: 'acceptExpected', result: ref } });
  return actions;
}

/** The summary's cards with the reviewed pass rate and each judge's agreement with people, once something is reviewed. */
export function withReviewCards(block: SummaryBlock, record: Pick<RunRecord, 'results' | 'reviews'>): SummaryBlock {
  if (!record.reviews?.length) return block;
  const reviews = summarizeReviews(record);
  if (!reviews.reviewed) return block;
  const cards: SummaryCard[] = [
    {
      title: 'Reviewed pass rate',
      value: percent(reviews.reviewedPassRate),
      detail: `${reviews.reviewed} reviewed by people, ${reviews.overridden} overriding the automatic verdict`,
    },
    ...Object.entries(reviews.judges).map(([name, judge]) => ({
      title: `Judge agreement: ${name}`,
      value: percent(judge.rate),
      detail: `agreed with people on ${judge.agreed} of ${judge.reviewed} reviewed`,
      tone: judge.rate !== null && judge.rate < 0.8 ? ('warn' as const) : undefined,
    })),
  ];
  const [passRate, ...rest] = block.cards;
  return { ...block, cards: [passRate, ...cards, ...rest] };
}
