import type { CaseResult } from '../../core/record/types.js';
import type { CaseOutcome } from '../run/caseOutcome.js';
import { duration, usd } from '../format.js';

// What the Test Explorer shows for a case: one message per failing result, with expected vs
// actual output for a diff when the row has an `expected`, and a line of run output per result.

export interface TestMessageSpec {
  message: string;
  /** Both set: show as a diff (TestMessage.diff). */
  expected?: string;
  actual?: string;
}

export function caseTestMessages(outcome: CaseOutcome, expected: unknown): TestMessageSpec[] {
  const repeated = outcome.results.some((r) => r.repeat > 0);
  return outcome.failures.map((f) => {
    const message = `${f.model}${repeated ? ` #${f.repeat + 1}` : ''}: ${f.reason}`;
    if (expected === undefined || f.status !== 'failed' || f.output === undefined) return { message };
    return { message, expected: showValue(expected), actual: f.output };
  });
}

function showValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** Test runs report durations; a case's is its slowest answer. */
export function caseDuration(outcome: CaseOutcome): number | undefined {
  const answered = outcome.results.filter((r) => r.status !== 'cancelled');
  return answered.length ? Math.max(...answered.map((r) => r.latencyMs)) : undefined;
}

export function resultLine(result: CaseResult, label: string): string {
  const icon = result.status === 'passed' ? '✓' : result.status === 'failed' ? '✗' : result.status === 'errored' ? '!' : '○';
  const facts = [result.status === 'cancelled' ? 'cancelled' : duration(result.latencyMs)];
  if (result.costUsd !== null && result.status !== 'cancelled') facts.push(usd(result.costUsd));
  const failed = result.evaluations.find((v) => !v.passed);
  const why = result.error ? ` — ${result.error.message}` : failed ? ` — ${failed.name}: ${failed.reason}` : '';
  return `${icon} ${label} [${result.model}${result.repeat ? ` #${result.repeat + 1}` : ''}] ${facts.join(' · ')}${why}`;
}
