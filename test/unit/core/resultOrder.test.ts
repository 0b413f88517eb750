import test from 'node:test';
import assert from 'node:assert/strict';
import { inRecordOrder } from '../../../src/core/record/resultOrder.js';
import { groupBy } from '../../../src/core/groupBy.js';

// The record's order of results (src/core/record/resultOrder.ts) and grouping in one pass
// (src/core/groupBy.ts): what the views, the editor's picture and its Problems are built on.

const r = (caseId: string, model: string, repeat = 0) => ({ caseId, model, repeat });

test('results in case, then model, then repeat order; unlisted cases and models last, in the order they came', () => {
  const results = [r('b', 'm2'), r('x', 'm1'), r('a', 'm2', 1), r('a', 'zz'), r('a', 'm2', 0), r('b', 'm1'), r('y', 'm1')];
  assert.deepEqual(inRecordOrder(results, [{ id: 'a' }, { id: 'b' }], ['m1', 'm2']), [r('a', 'm2', 0), r('a', 'm2', 1), r('a', 'zz'), r('b', 'm1'), r('b', 'm2'), r('x', 'm1'), r('y', 'm1')]);
});

test("groupBy keeps each group in the items' order and the groups in the order their keys appear", () => {
  const grouped = groupBy([r('b', 'm1'), r('a', 'm1'), r('b', 'm2'), r('a', 'm2', 1)], (x) => x.caseId);
  assert.deepEqual([...grouped.keys()], ['b', 'a']);
  assert.deepEqual(grouped.get('b'), [r('b', 'm1'), r('b', 'm2')]);
  assert.deepEqual(grouped.get('a'), [r('a', 'm1'), r('a', 'm2', 1)]);
});
