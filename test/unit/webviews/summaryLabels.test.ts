// Labels that say what happened (issue 18.3): a run whose requests all failed is not "cache hits
// only"; a model with no known price costs n/a per pass, never $0; counts read "1 case".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeGroup } from '../../../src/core/record/summary.js';
import type { CaseResult } from '../../../src/core/record/types.js';
import { headerLine, summaryBlock, totalsCells } from '../../../src/shared/summaryCards.js';

function result(caseId: string, status: CaseResult['status'], extra: Partial<CaseResult> = {}): CaseResult {
  return {
    caseId,
    model: 'm',
    repeat: 0,
    status,
    messages: [],
    evaluations: [],
    costUsd: 0.001,
    latencyMs: 120,
    cacheHit: false,
    attempts: 1,
    startedAt: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

const failedRequest = (id: string) => result(id, 'errored', { costUsd: 0, attempts: 5, error: { kind: 'network', message: 'connection failed' } });

function latencyCard(results: CaseResult[]) {
  return summaryBlock('m', summarizeGroup(results), false).cards.find((c) => c.title === 'Latency')!;
}

test('no latency says why: every request failed (not "cache hits only")', () => {
  const failed = [failedRequest('a'), failedRequest('b'), failedRequest('c')];
  assert.deepEqual(latencyCard(failed), { title: 'Latency', value: 'n/a', detail: 'no answers: all 3 requests failed' });
  assert.equal(latencyCard([failedRequest('a')]).detail, 'no answers: the request failed');
  assert.equal(headerLine(summarizeGroup(failed)), '0.0% · $0 · latency n/a (no answers: all 3 requests failed)');
  assert.equal(totalsCells(summarizeGroup(failed), false).latency.title, 'Latency n/a: no answers: all 3 requests failed');
  assert.equal(latencyCard([result('a', 'passed')]).detail, 'p95 120 ms');
});

test('cached answers keep the cost and latency they had when produced; the money spent now is apart (issue 18.2)', () => {
  const cached = [
    result('a', 'passed', { cacheHit: true, costUsd: 0, cachedCostUsd: 0.002, latencyMs: 300 }),
    result('b', 'failed', { cacheHit: true, costUsd: 0, cachedCostUsd: 0.002, latencyMs: 500 }),
    result('c', 'passed', { costUsd: 0.001, latencyMs: 400 }),
  ];
  const summary = summarizeGroup(cached);
  assert.equal(summary.costUsd, 0.001);
  assert.equal(summary.cachedCostUsd, 0.004);
  assert.equal(summary.costPerPassingCase, 0.0025);
  assert.equal(latencyCard(cached).value, 'p50 400 ms');
  const cost = summaryBlock('m', summary, false).cards.find((c) => c.title === 'Cost')!;
  assert.equal(cost.value, '$0.005');
  assert.equal(cost.detail, '$0.0025 per passing case · $0.001 spent this run, $0.004 cached');
  assert.equal(headerLine(summary), '66.7% · $0.005 (cached) · p50 400 ms · p95 500 ms');
  const unpricedHit = summarizeGroup([result('a', 'passed', { cacheHit: true, costUsd: 0, cachedCostUsd: null })]);
  assert.equal(totalsCells(unpricedHit, false).cost.text, 'n/a', 'a cached answer of an unpriced model is n/a, not $0');
});

test('a model with no known price: cost n/a and n/a per pass, not $0', () => {
  const unpriced = summarizeGroup([result('a', 'passed', { costUsd: null }), result('b', 'failed', { costUsd: null })]);
  const cells = totalsCells(unpriced, false);
  assert.equal(cells.cost.text, 'n/a');
  assert.equal(cells.cost.sub, 'n/a/pass');
  assert.equal(summaryBlock('m', unpriced, false).cards.find((c) => c.title === 'Cost')?.detail, 'n/a per passing case');
  assert.equal(totalsCells(summarizeGroup([result('a', 'failed')]), false).cost.sub, 'no passes');
});
