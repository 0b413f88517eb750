import { isDeepStrictEqual } from 'node:util';

// A long array sent again with a few items changed, as the changes: typing in one row of a
// 5,000-row testData changes one case, and cloning all 5,000 into the extension host again on
// every check was the host's longest task while typing (~20–90 ms, and its garbage).

/** An array as its receiver rebuilds it from the one it has: that one's first `head` and last `tail` items, with `middle` between. */
export interface ArrayDelta<T> {
  /** The length of the array it was made against: a receiver holding another length holds another array. */
  from: number;
  head: number;
  tail: number;
  middle: T[];
}

/** `next` as changes from `before` (undefined: the receiver has none, so all of it). Items are compared by value. */
export function arrayDelta<T>(before: readonly T[] | undefined, next: readonly T[]): ArrayDelta<T> {
  if (!before) return { from: 0, head: 0, tail: 0, middle: next.slice() };
  const most = Math.min(before.length, next.length);
  let head = 0;
  while (head < most && isDeepStrictEqual(before[head], next[head])) head++;
  let tail = 0;
  while (tail < most - head && isDeepStrictEqual(before[before.length - 1 - tail], next[next.length - 1 - tail])) tail++;
  return { from: before.length, head, tail, middle: next.slice(head, next.length - tail) };
}

/** The array `delta` describes, from the `before` it was made against. */
export function applyArrayDelta<T>(before: readonly T[] | undefined, delta: ArrayDelta<T>): T[] {
  const had = before ?? [];
  if (had.length !== delta.from) throw new Error(`an array change made against ${delta.from} items arrived where there are ${had.length}: the two sides disagree on the array before it`);
  return had.slice(0, delta.head).concat(delta.middle, had.slice(had.length - delta.tail));
}
