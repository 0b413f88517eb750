import test from 'node:test';
import assert from 'node:assert/strict';
import { mcnemarExact, pairedPermutationTest } from '../../../src/core/stats.js';
import { classify, pairVersions } from '../../../src/core/compare/pairs.js';
import { groupOf } from '../../../src/core/compare/resultGroup.js';
import { summarizeVersions } from '../../../src/shared/versionCompare.js';
import { makeRecord, makeResult } from './records.js';

const M = 'openai/gpt-4o-mini';
const group = (...statuses: Array<'passed' | 'failed' | 'errored' | 'cancelled'>) => groupOf(statuses.map((s, repeat) => makeResult(['c', M, s, { repeat }])));

test('classify: fixed, broke, same pass/fail, pending and one-sided cases', () => {
  assert.equal(classify(group('failed'), group('passed')), 'fixed');
  assert.equal(classify(group('passed'), group('errored')), 'broke');
  assert.equal(classify(group('passed'), group('passed')), 'same-pass');
  assert.equal(classify(group('failed'), group('errored')), 'same-fail');
  assert.equal(classify(group('passed', 'failed'), group('failed', 'passed')), 'same');
  assert.equal(classify(group('passed', 'failed', 'failed'), group('passed', 'passed', 'failed')), 'fixed', 'a higher pass rate over repeats counts as fixed');
  assert.equal(classify(group('cancelled'), group('passed')), 'pending');
  assert.equal(classify(undefined, group('passed')), 'only-after');
  assert.equal(classify(group('passed'), undefined), 'only-before');
});

test('pairs by case and model; a case only one version ran stays unpaired', () => {
  const before = makeRecord({
    models: [M],
    cases: ['a', 'b', 'gone'],
    results: [
      ['a', M, 'failed'],
      ['b', M, 'passed'],
      ['gone', M, 'passed'],
    ],
  });
  const after = makeRecord({
    id: 'after',
    models: [M],
    cases: ['a', 'b', 'new'],
    results: [
      ['a', M, 'passed'],
      ['b', M, 'passed'],
      ['new', M, 'failed'],
    ],
  });
  const pairs = pairVersions(before, after);
  assert.deepEqual(
    pairs.map((p) => [p.caseId, p.change]),
    [
      ['a', 'fixed'],
      ['b', 'same-pass'],
      ['new', 'only-after'],
      ['gone', 'only-before'],
    ],
  );
});

test('two single-model runs of different models pair by case', () => {
  const before = makeRecord({ models: ['x/a'], cases: ['a'], results: [['a', 'x/a', 'failed']] });
  const after = makeRecord({ id: 'after', models: ['x/b'], cases: ['a'], results: [['a', 'x/b', 'passed']] });
  const [pair] = pairVersions(before, after);
  assert.equal(pair.change, 'fixed');
  assert.equal(pair.model, 'x/a → x/b');
});

test('summary: McNemar exact p on single runs, and whether the difference is larger than noise', () => {
  const cases = Array.from({ length: 8 }, (_, i) => `c${i}`);
  const before = makeRecord({ models: [M], cases, results: cases.map((c, i) => [c, M, i < 7 ? 'failed' : 'passed']) });
  const after = makeRecord({ id: 'after', models: [M], cases, results: cases.map((c) => [c, M, 'passed']) });
  const summary = summarizeVersions(pairVersions(before, after), { before: 'HEAD', after: 'working copy' });
  assert.equal(summary.counts.fixed, 7);
  assert.equal(summary.counts.broke, 0);
  assert.equal(summary.test.method, 'McNemar exact');
  assert.equal(summary.test.pValue, mcnemarExact(0, 7));
  assert.ok(Math.abs(summary.test.pValue - 2 / 128) < 1e-12);
  assert.equal(summary.largerThanNoise, true);
  assert.equal(summary.beforeRate, 1 / 8);
  assert.equal(summary.afterRate, 1);
  assert.match(
    summary.verdict,
    /working copy passes 100\.0% vs 12\.5% for HEAD on the same 8 cases \(\+87\.5 pts\); 7 fixed, 0 broke\. The difference is larger than noise \(McNemar exact test, p = 0\.016, below 0\.05\)\./,
  );
});

test('summary: one fixed case is within noise', () => {
  const before = makeRecord({
    models: [M],
    cases: ['a', 'b'],
    results: [
      ['a', M, 'failed'],
      ['b', M, 'passed'],
    ],
  });
  const after = makeRecord({
    id: 'after',
    models: [M],
    cases: ['a', 'b'],
    results: [
      ['a', M, 'passed'],
      ['b', M, 'passed'],
    ],
  });
  const summary = summarizeVersions(pairVersions(before, after), { before: 'A', after: 'B' });
  assert.equal(summary.test.pValue, 1);
  assert.equal(summary.largerThanNoise, false);
  assert.match(summary.verdict, /within noise \(McNemar exact test, p = 1\.00, not below 0\.05\)/);
});

test('summary: repeated runs use the paired permutation test on per-case pass rates', () => {
  const results = (rates: number[], id: string) =>
    makeRecord({
      id,
      models: [M],
      cases: rates.map((_, i) => `c${i}`),
      repeat: 2,
      results: rates.flatMap((rate, i) => [0, 1].map((repeat): [string, string, 'passed' | 'failed', { repeat: number }] => [`c${i}`, M, repeat < rate * 2 ? 'passed' : 'failed', { repeat }])),
    });
  const before = results([0, 0.5, 0.5, 1], 'b');
  const after = results([1, 1, 0.5, 1], 'a');
  const summary = summarizeVersions(pairVersions(before, after), { before: 'A', after: 'B' });
  assert.equal(summary.test.method, 'paired permutation');
  assert.equal(summary.test.pValue, pairedPermutationTest([1, 0.5, 0, 0]));
  assert.equal(summary.counts.fixed, 2);
});

test('nothing decided on both sides: no test claims a difference', () => {
  const before = makeRecord({ models: [M], cases: ['a'], results: [['a', M, 'cancelled']] });
  const after = makeRecord({ id: 'after', models: [M], cases: ['a'], results: [['a', M, 'passed']] });
  const summary = summarizeVersions(pairVersions(before, after), { before: 'A', after: 'B' });
  assert.equal(summary.paired, 0);
  assert.equal(summary.largerThanNoise, false);
  assert.match(summary.verdict, /nothing to compare yet/);
});
