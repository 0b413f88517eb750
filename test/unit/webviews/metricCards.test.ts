import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeGroup } from '../../../src/core/record/summary.js';
import type { CaseResult } from '../../../src/core/record/types.js';
import { summaryBlock } from '../../../src/shared/summaryCards.js';

function result(caseId: string, status: CaseResult['status'], verdicts: { metric?: string; score: number; evaluatorError?: boolean }[]): CaseResult {
  return {
    caseId,
    model: 'm',
    repeat: 0,
    status,
    messages: [],
    evaluations: verdicts.map((v, i) => ({ name: `e${i}`, kind: 'x', passed: v.score >= 0.5, reason: '', ...v })),
    costUsd: 0,
    latencyMs: 1,
    cacheHit: false,
    attempts: 1,
    startedAt: '2026-01-01T00:00:00Z',
  };
}

test('named metrics: the mean score per metric (cancelled results and evaluator errors left out), a card each', () => {
  const summary = summarizeGroup([
    result('a', 'passed', [{ metric: 'accuracy', score: 1 }, { metric: 'style', score: 0.5 }, { score: 0 }]),
    result('b', 'failed', [
      { metric: 'accuracy', score: 0 },
      { metric: 'style', score: 2 },
    ]),
    result('c', 'errored', [{ metric: 'accuracy', score: 0, evaluatorError: true }]),
    result('d', 'cancelled', [{ metric: 'accuracy', score: 0 }]),
  ]);
  assert.deepEqual(summary.metrics, { accuracy: { mean: 0.5, count: 2 }, style: { mean: 0.75, count: 2 } });
  const cards = summaryBlock('m', summary, false).cards.filter((c) => c.title.startsWith('Metric'));
  assert.deepEqual(cards, [
    { title: 'Metric: accuracy', value: '0.50', detail: 'mean score of 2 verdicts (0–1)' },
    { title: 'Metric: style', value: '0.75', detail: 'mean score of 2 verdicts (0–1)' },
  ]);
  assert.equal(summarizeGroup([result('a', 'passed', [{ score: 1 }])]).metrics, undefined, 'no metric named: no field');
});
