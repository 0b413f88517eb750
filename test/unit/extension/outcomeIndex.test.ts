import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaseResult, ResultReview } from '../../../src/core/record/types.js';
import { outcomesByCase } from '../../../src/extension/run/caseOutcome.js';
import { createOutcomeIndex } from '../../../src/extension/run/outcomeIndex.js';
import { result } from './results.js';

const STATES: CaseResult['status'][] = ['passed', 'failed', 'errored', 'cancelled'];
const MODELS = ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini'];

test('a record growing in place: after every update the outcomes equal those made from nothing', () => {
  const index = createOutcomeIndex();
  const record: { results: CaseResult[]; reviews?: ResultReview[] } = { results: [] };
  let seed = 7;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let update = 0; update < 60; update++) {
    for (let i = next(12); i > 0; i--) {
      record.results.push(result(`case-${next(15)}`, STATES[next(4)], { model: MODELS[next(2)], repeat: next(3), latencyMs: 100 + next(900) }));
    }
    if (update % 17 === 16) {
      const r = record.results[next(record.results.length)];
      (record.reviews ??= []).push({ caseId: r.caseId, model: r.model, repeat: r.repeat, verdict: next(2) ? 'pass' : 'fail', at: `2026-12-01T10:${String(update).padStart(2, '0')}:00.000Z` });
    }
    assert.deepEqual(index(record), outcomesByCase(record.results, record.reviews), `after update ${update}`);
  }
});

test('an update remakes only the cases with new results, in the map given before', () => {
  const index = createOutcomeIndex();
  const record = { results: [result('a', 'passed'), result('b', 'failed')] };
  const first = index(record);
  const [a, b] = [first.get('a'), first.get('b')];
  record.results.push(result('b', 'passed', { model: MODELS[1] }), result('c', 'passed'));
  const second = index(record);
  assert.equal(second, first, 'the same map, updated');
  assert.equal(second.get('a'), a);
  assert.notEqual(second.get('b'), b);
  assert.equal(second.get('b')!.decided, 2);
  assert.deepEqual([...second.keys()], ['a', 'b', 'c']);
  assert.equal(index(record), second, 'nothing new: nothing remade');
});

test('another record (the finished run) lends the outcomes of cases whose results are the same objects', () => {
  const index = createOutcomeIndex();
  const live = { results: [result('a', 'passed'), result('b', 'failed')] };
  const before = index(live);
  const a = before.get('a');
  const finished = { results: [live.results[0], result('b', 'passed')] };
  const after = index(finished);
  assert.equal(after.get('a'), a);
  assert.equal(after.get('b')!.state, 'passed');
  assert.equal(index(live).get('b')!.state, 'failed', 'back to the first record: remade');
});
