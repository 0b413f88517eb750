import type { CaseOutcome, CaseState } from '../run/caseOutcome.js';
import { duration, shortModel, truncate, usd } from '../format.js';

// The text after a dataset row once it has run: "✓ passed · 812 ms · $0.00012",
// "✗ 2/3 passed · gpt-4o-mini failed: names the capital · 640 ms · $0.0003".

export const STATE_ICON: Record<CaseState, string> = { passed: '✓', failed: '✗', errored: '!', cancelled: '○' };

export function decorationText(outcome: CaseOutcome): string {
  const parts = [`${STATE_ICON[outcome.state]} ${headline(outcome)}`];
  const failure = outcome.failures[0];
  if (failure && outcome.decided > 1) {
    const who = outcome.models.length > 1 ? `${shortModel(failure.model)} ` : '';
    parts.push(`${who}${failure.status === 'errored' ? 'error' : 'failed'}: ${truncate(failure.evaluator ?? failure.reason, 60)}`);
  }
  if (outcome.cancelled && outcome.decided) parts.push(`${outcome.cancelled} cancelled`);
  const reviewed = reviewedText(outcome);
  if (reviewed) parts.push(reviewed);
  if (outcome.latencyMs !== null) parts.push(duration(outcome.latencyMs));
  if (outcome.costUsd !== null) parts.push(usd(outcome.costUsd));
  return parts.join(' · ');
}

function headline(outcome: CaseOutcome): string {
  if (outcome.decided === 0) return 'cancelled';
  if (outcome.decided > 1) return `${outcome.passed}/${outcome.decided} passed`;
  const failure = outcome.failures[0];
  if (!failure) return 'passed';
  if (failure.status === 'errored') return `error: ${truncate(failure.reason, 60)}`;
  return `failed: ${truncate(failure.evaluator ?? failure.reason, 60)}`;
}

/** "reviewed ✓", or "reviewed 1✓ 1✗" over several results: a person's verdict beside the automatic one. */
function reviewedText(outcome: CaseOutcome): string | undefined {
  const reviews = outcome.reviews ?? [];
  if (!reviews.length) return undefined;
  const passes = reviews.filter((r) => r.verdict === 'pass').length;
  if (reviews.length === 1) return `reviewed ${passes ? '✓' : '✗'}`;
  return `reviewed ${passes}✓ ${reviews.length - passes}✗`;
}
