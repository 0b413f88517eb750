// Builders for run results in the extension's unit tests.
import type { CaseResult } from '../../../src/core/record/types.js';
import type { Verdict } from '../../../src/core/evaluators/types.js';

export function verdict(name: string, passed: boolean, reason = passed ? 'ok' : 'nope', extra: Partial<Verdict> = {}): Verdict {
  return { name, kind: 'string', passed, score: passed ? 1 : 0, reason, ...extra };
}

export function result(caseId: string, status: CaseResult['status'], extra: Partial<CaseResult> = {}): CaseResult {
  const base: CaseResult = {
    caseId,
    model: 'openai/gpt-4o-mini',
    repeat: 0,
    status,
    messages: [{ role: 'user', content: 'hi' }],
    output: status === 'passed' || status === 'failed' ? 'an answer' : undefined,
    evaluations: status === 'passed' ? [verdict('check', true)] : status === 'failed' ? [verdict('check', false, 'does not contain "x"')] : [],
    usage: status === 'passed' || status === 'failed' ? { inputTokens: 20, outputTokens: 5, cachedInputTokens: 0 } : undefined,
    costUsd: status === 'passed' || status === 'failed' ? 0.00012 : 0,
    latencyMs: status === 'cancelled' ? 0 : 800,
    cacheHit: false,
    attempts: 1,
    startedAt: '2025-11-22T20:00:00.000Z',
  };
  if (status === 'errored') base.error = { kind: 'rate-limit', message: '429 rate limited: slow down', status: 429 };
  if (status === 'cancelled') base.error = { kind: 'cancelled', message: 'cancelled' };
  return { ...base, ...extra };
}
