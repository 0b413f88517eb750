import test from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapMean, mcnemarExact, pairedPermutationTest, percentile, wilson } from '../../../src/core/stats.js';

test('percentile uses nearest rank', () => {
  assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test('Wilson interval matches the published value for 8/10', () => {
  const [lo, hi] = wilson(8, 10);
  assert.ok(Math.abs(lo - 0.4902) < 1e-3 && Math.abs(hi - 0.9433) < 1e-3, `${lo} ${hi}`);
  assert.deepEqual(wilson(0, 0), [0, 1]);
});

test('exact McNemar: 0 vs 6 discordant pairs is significant, 3 vs 3 is not', () => {
  assert.ok(Math.abs(mcnemarExact(0, 6) - 0.03125) < 1e-9);
  assert.equal(mcnemarExact(3, 3), 1);
  assert.equal(mcnemarExact(0, 0), 1);
});

test('paired permutation test agrees with McNemar on 0/1 differences and is seeded', () => {
  assert.ok(Math.abs(pairedPermutationTest([1, 1, 1, 1, 1, 1, 0, 0]) - 0.03125) < 1e-9);
  const many = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 0.5 : 0));
  assert.equal(pairedPermutationTest(many), pairedPermutationTest(many));
  assert.ok(pairedPermutationTest(many) < 0.01);
});

test('bootstrap interval contains the mean and is reproducible', () => {
  const values = [1, 0.5, 0, 1, 1, 0.5];
  const [lo, hi] = bootstrapMean(values);
  const mean = values.reduce((a, b) => a + b) / values.length;
  assert.ok(lo <= mean && mean <= hi);
  assert.deepEqual(bootstrapMean(values), [lo, hi]);
});
