import test from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_UI } from '../../../src/shared/protocol.js';
import { columnPairs, modelsRows, modelsView } from '../../../src/shared/modelsView.js';
import { pairVersions, sliceModel } from '../../../src/core/compare/pairs.js';
import { seededRandom } from '../../../src/core/stats.js';
import { visibleRows } from '../../../src/shared/visibleRows.js';
import { makeRecord, type ResultSpec } from './records.js';

const A = 'x/a';
const B = 'x/b';
const C = 'x/c';
const record = makeRecord({
  models: [A, B, C],
  cases: ['same', 'split', 'missing'],
  results: [
    ['same', A, 'passed'],
    ['same', B, 'passed'],
    ['same', C, 'passed'],
    ['split', A, 'passed', { latencyMs: 40, costUsd: 0.002 }],
    ['split', B, 'failed'],
    ['split', C, 'errored', { output: undefined, error: { kind: 'timeout', message: 'timed out' }, evaluations: [] }],
    ['missing', A, 'failed'],
  ],
});

test('a row per case, a column per model; cells show output, verdict, latency and cost', () => {
  const view = modelsView(record);
  assert.deepEqual(
    view.columns.map((c) => c.id),
    ['case', 'vars', `model:${A}`, `model:${B}`, `model:${C}`],
  );
  assert.deepEqual(
    view.rows.map((r) => r.key),
    ['same', 'split', 'missing'],
  );
  const cell = view.columns[2].cell(view.rows[1]);
  assert.equal(cell.text, 'split on x/a');
  assert.equal(cell.sub, '✓ passed · 40 ms · $0.002');
  assert.equal(view.columns[4].cell(view.rows[1]).text, 'timed out');
  assert.equal(view.columns[3].cell(view.rows[2]).sub, 'not run yet');
});

test('disagreements: cases the models decided differently are flagged and can be filtered', () => {
  const view = modelsView(record);
  assert.deepEqual(
    view.rows.map((r) => r.disagree),
    [false, true, false],
  );
  assert.equal(view.rowTone(view.rows[1]), 'changed');
  assert.deepEqual(
    visibleRows(view, { ...DEFAULT_UI, filter: { ...DEFAULT_UI.filter, changedOnly: true } }).map((r) => r.key),
    ['split'],
  );
  assert.deepEqual(
    visibleRows(view, { ...DEFAULT_UI, filter: { ...DEFAULT_UI.filter, failedOnly: true } }).map((r) => r.key),
    ['split', 'missing'],
  );
});

test('per-model headers are the record summary of each model', () => {
  const view = modelsView(record);
  const block = view.summary.find((b) => b.heading === B)!;
  const s = record.summary.byModel[B];
  assert.equal(block.cards[0].value, `${(s.passRate! * 100).toFixed(1)}%`);
  assert.equal(view.columns[3].subtitle, `${(s.passRate! * 100).toFixed(1)}% · $0.002 · p50 100 ms · p95 100 ms`);
  const totals = view.totals(view.rows);
  assert.equal(totals[`model:${A}`].text, '2/3 · 66.7%');
  assert.match(totals.case.sub!, /· 1 disagreement$/);
});

test("sort by a model column orders by that model's pass rate, cases it has not run last", () => {
  const view = modelsView(record);
  const keys = visibleRows(view, { ...DEFAULT_UI, sort: { column: `model:${B}`, descending: false } }).map((r) => r.key);
  assert.deepEqual(keys, ['split', 'same', 'missing']);
});

test('details diff the first model against each other model', () => {
  const view = modelsView(record);
  assert.deepEqual(
    view.details(view.rows[1]).actions.map((a) => a.label),
    ['Open case in dataset', `Diff ${A} ↔ ${B}`, `Diff ${A} ↔ ${C}`],
  );
});

test('the paired test of each model against the first heads the summary, as in the versions view', () => {
  const cases = Array.from({ length: 10 }, (_, i) => `c${i}`);
  const twoModels = makeRecord({
    models: [A, B],
    cases,
    results: cases.flatMap((c, i): Array<[string, string, 'passed' | 'failed']> => [
      [c, A, 'passed'],
      [c, B, i < 8 ? 'failed' : 'passed'],
    ]),
  });
  const view = modelsView(twoModels);
  const block = view.summary[0];
  assert.equal(block.heading, `${A} → ${B}`);
  assert.equal(block.tone, 'fail');
  assert.match(block.sentence!, /x\/b passes 20\.0% vs 100\.0% for x\/a on the same 10 cases \(−80\.0 pts\); 0 fixed, 8 broke\. The difference is larger than noise \(McNemar exact test, p = 0\.0078/);
  assert.deepEqual(
    block.cards.map((c) => c.title),
    ['Pass rate (paired cases)', 'Fixed / broke', 'Paired test'],
  );
  assert.equal(view.summary.filter((b) => b.sentence).length, 1, 'one comparison for two models');
  assert.equal(modelsView(record).summary.filter((b) => b.sentence).length, 2, 'three models: the first against each other');
  assert.equal(modelsView(makeRecord({ models: [A], cases: ['a'], results: [['a', A, 'passed']] })).summary.filter((b) => b.sentence).length, 0);
});

test('the paired test from the grid equals pairing each model slice of the record (repeats, missing results, unknown cases)', () => {
  const random = seededRandom(5);
  const cases = Array.from({ length: 60 }, (_, i) => `c${i}`);
  const statuses = ['passed', 'failed', 'errored', 'cancelled'] as const;
  for (const repeats of [1, 3]) {
    const results: ResultSpec[] = [];
    for (const c of [...cases, 'not-a-case']) {
      for (const model of [A, B, C]) {
        for (let repeat = repeats - 1; repeat >= 0; repeat--) {
          if (random() < 0.1) continue;
          results.push([c, model, statuses[Math.floor(random() * (random() < 0.8 ? 2 : 4))], { repeat, latencyMs: Math.floor(random() * 500) }]);
        }
      }
    }
    const shuffled = makeRecord({ models: [A, B, C], cases, results, repeat: repeats });
    const rows = modelsRows(shuffled);
    for (const [k, other] of [B, C].entries()) {
      const expected = pairVersions(sliceModel(shuffled, A), sliceModel(shuffled, other));
      assert.deepEqual(columnPairs(rows, `${A} → ${other}`, k + 1), expected, `${repeats} repeat(s), ${A} → ${other}`);
    }
  }
});
