import test from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_UI } from '../../../src/shared/protocol.js';
import { visibleRows } from '../../../src/shared/visibleRows.js';
import { versionsView } from '../../../src/shared/versionsView.js';
import { makeRecord } from './records.js';

const M = 'x/a';
const before = makeRecord({
  id: 'before',
  models: [M],
  cases: ['a', 'b', 'c'],
  results: [
    ['a', M, 'failed'],
    ['b', M, 'passed'],
    ['c', M, 'passed'],
  ],
});
const after = makeRecord({
  id: 'after',
  models: [M],
  cases: ['a', 'b', 'c'],
  results: [
    ['a', M, 'passed'],
    ['b', M, 'failed'],
    ['c', M, 'passed'],
  ],
});
const view = versionsView({ label: 'HEAD', record: before }, { label: 'working copy', record: after });

test('rows show per-case change with both versions side by side', () => {
  assert.deepEqual(
    view.columns.map((c) => [c.id, c.title]),
    [
      ['case', 'Case'],
      ['change', 'Change'],
      ['before', 'HEAD'],
      ['after', 'working copy'],
      ['vars', 'Vars'],
    ],
  );
  const change = view.columns.find((c) => c.id === 'change')!;
  assert.deepEqual(
    view.rows.map((r) => change.cell(r).text),
    ['▲ fixed', '▼ broke', '= same (pass)'],
  );
});

test('the summary states the paired test and its p-value', () => {
  const [difference] = view.summary;
  assert.equal(difference.heading, 'Difference');
  assert.match(
    difference.sentence!,
    /working copy passes 66\.7% vs 66\.7% for HEAD on the same 3 cases \(±0\.0 pts\); 1 fixed, 1 broke\. The difference is within noise \(McNemar exact test, p = 1\.00, not below 0\.05\)\./,
  );
  assert.deepEqual(
    difference.cards.map((c) => c.value),
    ['66.7% → 66.7%', '1 / 1', 'p = 1.00'],
  );
});

test('"fixed or broke only" keeps the changed cases; the diff buttons name both records', () => {
  assert.deepEqual(
    visibleRows(view, { ...DEFAULT_UI, filter: { ...DEFAULT_UI.filter, changedOnly: true } }).map((r) => r.pair.caseId),
    ['a', 'b'],
  );
  assert.deepEqual(
    view.actions.map((a) => a.message),
    [{ type: 'diffPrompts' }],
  );
  const diff = view.details(view.rows[0]).actions[0];
  assert.deepEqual(diff.message, { type: 'diffOutputs', left: { recordId: 'before', caseId: 'a', model: M, repeat: 0 }, right: { recordId: 'after', caseId: 'a', model: M, repeat: 0 } });
});
