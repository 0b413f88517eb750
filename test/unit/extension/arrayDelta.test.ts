import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyArrayDelta, arrayDelta } from '../../../src/extension/analysis/arrayDelta.js';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, vars: { n: i } }));

test('an array with one item changed crosses as that item, and is rebuilt equal to the new one', () => {
  const before = rows(5000);
  const next = rows(5000);
  next[2500] = { id: 'r2500', vars: { n: -1 } };
  const delta = arrayDelta(before, next);
  assert.deepEqual({ head: delta.head, tail: delta.tail, middle: delta.middle }, { head: 2500, tail: 2499, middle: [next[2500]] });
  const rebuilt = applyArrayDelta(before, delta);
  assert.deepEqual(rebuilt, next);
  assert.equal(rebuilt[0], before[0], 'unchanged items are the receiver’s own objects');
  assert.equal(rebuilt[4999], before[4999]);
});

test('insertions, deletions, appends, an empty side and nothing before', () => {
  const cases: Array<[number[], number[]]> = [
    [
      [1, 2, 3],
      [1, 2, 3],
    ],
    [
      [1, 2, 3],
      [1, 9, 2, 3],
    ],
    [
      [1, 2, 3],
      [1, 3],
    ],
    [
      [1, 2, 3],
      [1, 2, 3, 4],
    ],
    [
      [1, 2, 3],
      [0, 1, 2, 3],
    ],
    [[1, 2, 3], []],
    [[], [1, 2]],
    [
      [1, 1, 1],
      [1, 1],
    ],
    [
      [1, 2, 1],
      [1, 2, 2, 1],
    ],
  ];
  for (const [before, next] of cases) {
    const delta = arrayDelta(before, next);
    assert.deepEqual(applyArrayDelta(before, delta), next, `${JSON.stringify(before)} → ${JSON.stringify(next)}`);
    assert.ok(delta.head + delta.tail <= Math.min(before.length, next.length), 'kept items are counted once');
  }
  assert.deepEqual(arrayDelta([1, 2, 3], [1, 2, 3]).middle, []);
  assert.deepEqual(arrayDelta(undefined, [1, 2]), { from: 0, head: 0, tail: 0, middle: [1, 2] });
  assert.deepEqual(applyArrayDelta(undefined, { from: 0, head: 0, tail: 0, middle: [1, 2] }), [1, 2]);
});

test('a change made against an array the receiver does not have is refused, not misapplied', () => {
  const delta = arrayDelta([1, 2, 3, 4], [1, 2, 9, 4]);
  assert.throws(() => applyArrayDelta([1, 2], delta), /disagree/);
  assert.throws(() => applyArrayDelta([1, 2, 3, 4, 5], delta), /disagree/, 'even where the kept items would fit');
});
