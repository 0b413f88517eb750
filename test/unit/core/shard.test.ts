import test from 'node:test';
import assert from 'node:assert/strict';
import { inShard, parseShard, shardCases, shardOf } from '../../../src/core/shard.js';

test('parseShard reads i/n with 1 ≤ i ≤ n and refuses anything else', () => {
  assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
  assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, count: 1 });
  for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3', '-1/2', '1.5/2', '']) assert.equal(parseShard(bad), undefined, bad);
});

test('every case lands in exactly one shard, the same on every call, and shards are roughly even', () => {
  const cases = Array.from({ length: 400 }, (_, i) => ({ id: `row-${i}` }));
  const shards = [1, 2, 3, 4].map((index) => shardCases(cases, { index, count: 4 }));
  assert.equal(
    shards.reduce((n, s) => n + s.length, 0),
    cases.length,
  );
  assert.equal(new Set(shards.flat().map((c) => c.id)).size, cases.length);
  for (const shard of shards) assert.ok(shard.length > 60 && shard.length < 140, `shard sizes ${shards.map((s) => s.length).join(', ')}`);
  assert.equal(shardOf('row-7', 4), shardOf('row-7', 4));
  // Fixed values: a different machine (or Node version) must put a case in the same shard.
  // Pinned values (sha256 of the id, first 4 bytes, mod n): no machine may disagree.
  assert.deepEqual(
    ['ada', 'bob', 'row-0123456789'].map((id) => shardOf(id, 5)),
    [2, 3, 1],
  );
});

test('adding a row moves only that row', () => {
  const before = Array.from({ length: 50 }, (_, i) => ({ id: `c${i}` }));
  const after = [...before.slice(0, 20), { id: 'inserted' }, ...before.slice(20)];
  for (let index = 1; index <= 3; index++) {
    const shard = { index, count: 3 };
    const was = shardCases(before, shard).map((c) => c.id);
    const now = shardCases(after, shard)
      .map((c) => c.id)
      .filter((id) => id !== 'inserted');
    assert.deepEqual(now, was);
  }
  assert.equal([1, 2, 3].filter((index) => inShard('inserted', { index, count: 3 })).length, 1);
});
