import test from 'node:test';
import assert from 'node:assert/strict';
import { caseRepeats, casesBelow, repeatsByModel, summarizeRepeats } from '../../../src/core/record/repeats.js';
import { makeRecord, type ResultSpec } from '../webviews/records.js';

const M = 'x/m';
const N = 'x/n';

function repeated(outcomes: Record<string, string>, model = M): ResultSpec[] {
  return Object.entries(outcomes).flatMap(([caseId, pattern]) =>
    [...pattern].map((ch, repeat): ResultSpec => [caseId, model, ch === 'p' ? 'passed' : ch === 'f' ? 'failed' : ch === 'e' ? 'errored' : 'cancelled', { repeat }]),
  );
}

test('pass^k needs every repeat, pass@k one; flaky is in between; cancelled repeats decide nothing', () => {
  const record = makeRecord({ models: [M], cases: ['all', 'some', 'none', 'err', 'cut'], repeat: 3, results: repeated({ all: 'ppp', some: 'pfp', none: 'fff', err: 'ppe', cut: 'ppc' }) });
  const entries = caseRepeats(record);
  assert.deepEqual(
    entries.map((e) => [e.caseId, e.passed, e.decided, e.passAll, e.passAny, e.flaky]),
    [
      ['all', 3, 3, true, true, false],
      ['some', 2, 3, false, true, true],
      ['none', 0, 3, false, false, false],
      ['err', 2, 3, false, true, true],
      ['cut', 2, 2, true, true, false],
    ],
  );
  assert.deepEqual(summarizeRepeats(entries), { k: 3, cases: 5, passAll: 2, passAny: 4, flaky: 2, passAllRate: 0.4, passAnyRate: 0.8 });
});

test('per model, and the --min-case-pass-rate gate counts passes against repeats', () => {
  const record = makeRecord({ models: [M, N], cases: ['a', 'b'], repeat: 5, results: [...repeated({ a: 'pppff', b: 'ppppp' }), ...repeated({ a: 'ppfff', b: 'fffff' }, N)] });
  const byModel = repeatsByModel(record);
  assert.equal(byModel.get(M)!.passAll, 1);
  assert.equal(byModel.get(N)!.passAny, 1);
  const entries = caseRepeats(record);
  assert.deepEqual(
    casesBelow(entries, 0.6).map((e) => [e.caseId, e.model]),
    [
      ['a', N],
      ['b', N],
    ],
    '3 of 5 meets 60%; 2 of 5 does not',
  );
  assert.equal(casesBelow(entries, 0.61).length, 3);
  assert.equal(casesBelow(entries, 0).length, 0);
});
