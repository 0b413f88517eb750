// Narrow columns cut a long model id in the middle (issue 18.12): the tails that tell
// openai/gpt-4o-mini from openai/gpt-4.1-mini stay whole; totals labels keep their count on a line
// of their own, so "Totals (3 results)" no longer runs into the pass-rate cell beside it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { middleEllipsisParts } from '../../../src/shared/middleEllipsis.js';
import { resultsView } from '../../../src/shared/resultsView.js';
import { makeRecord } from './records.js';

test('a long title keeps its last characters whole; a short one is not split', () => {
  const [a, b] = ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini'].map((m) => middleEllipsisParts(m));
  assert.deepEqual(a, ['openai/gpt', '-4o-mini']);
  assert.deepEqual(b, ['openai/gpt-', '4.1-mini']);
  assert.notEqual(a[1], b[1], 'what is always shown differs');
  assert.deepEqual(middleEllipsisParts('case'), ['case', '']);
  assert.deepEqual(middleEllipsisParts(`${'x'.repeat(10)}🦙abcdefg`), ['x'.repeat(10), '🦙abcdefg'], 'cut between characters, never inside one');
});

test('the totals label is "Totals" with its count under it and the whole sentence on hover', () => {
  const record = makeRecord({
    models: ['m'],
    cases: ['a', 'b', 'c'],
    results: [
      ['a', 'm', 'passed'],
      ['b', 'm', 'passed'],
      ['c', 'm', 'failed'],
    ],
  });
  const view = resultsView(record);
  const totals = view.totals(view.rows);
  assert.deepEqual(totals.case, { text: 'Totals', sub: '3 results', title: 'Totals of the 3 results shown' });
});
