import test from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns } from '../../../src/core/compare/comparison.js';
import { difference } from '../../../src/core/compare/difference.js';
import { pairVersions } from '../../../src/core/compare/pairs.js';
import { makeRecord, type ResultSpec } from '../webviews/records.js';

const A = 'x/a';
const B = 'x/b';
const cases = Array.from({ length: 12 }, (_, i) => `c${i}`);
const allPass = (model: string): ResultSpec[] => cases.map((c) => [c, model, 'passed']);
const eightBroke = (model: string): ResultSpec[] => cases.map((c, i) => [c, model, i < 8 ? 'failed' : 'passed']);

test('8 of 12 cases broke: worse beyond noise (McNemar exact p = 2/256); the reverse is better', () => {
  const base = makeRecord({ models: [A], cases, results: allPass(A) });
  const head = makeRecord({ id: 'head', models: [A], cases, results: eightBroke(A) });
  const [worse] = compareRuns({ record: base }, { record: head }).comparisons;
  assert.equal(worse.difference.counts.broke, 8);
  assert.ok(Math.abs(worse.difference.test.pValue - 2 / 256) < 1e-12);
  assert.equal(worse.difference.direction, 'worse');
  assert.equal(worse.regression, true);
  const [better] = compareRuns({ record: head }, { record: base }).comparisons;
  assert.equal(better.difference.direction, 'better');
  assert.equal(better.regression, false);
});

test('alpha decides what counts as beyond noise', () => {
  const pairs = pairVersions(makeRecord({ models: [A], cases, results: allPass(A) }), makeRecord({ id: 'h', models: [A], cases, results: eightBroke(A) }));
  assert.equal(difference(pairs, 0.01).direction, 'worse');
  assert.equal(difference(pairs, 0.005).direction, 'same', 'p ≈ 0.0078 is not below 0.005');
});

test('one comparison per shared model; models one side lacks are listed, not compared', () => {
  const base = makeRecord({ models: [A, B], cases, results: [...allPass(A), ...allPass(B)] });
  const head = makeRecord({ id: 'h', models: [A, 'x/c'], cases, results: [...eightBroke(A), ...allPass('x/c')] });
  const result = compareRuns({ record: base }, { record: head });
  assert.deepEqual(
    result.comparisons.map((c) => c.model),
    [A],
  );
  assert.deepEqual(result.onlyBase, [B]);
  assert.deepEqual(result.onlyHead, ['x/c']);
});

test('two models of one record pair by case ("a → b")', () => {
  const record = makeRecord({ models: [A, B], cases, results: [...allPass(A), ...eightBroke(B)] });
  const { comparisons } = compareRuns({ record, model: A }, { record, model: B });
  assert.equal(comparisons.length, 1);
  assert.equal(comparisons[0].model, `${A} → ${B}`);
  assert.equal(comparisons[0].difference.paired, 12);
  assert.equal(comparisons[0].regression, true);
});
