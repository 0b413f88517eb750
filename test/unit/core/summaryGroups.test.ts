import test from 'node:test';
import assert from 'node:assert/strict';
import { summarizeGroup, summarizeGroups } from '../../../src/core/record/summary.js';
import { fixtureRecord } from '../../../bench/webviewFixture.js';

// summarizeGroups (src/core/record/summary.ts) is the one-pass form of summarizeGroup over a run
// and over each of its models: the views show both, and must show what summarizeGroup gives.

test('one pass gives what summarizeGroup gives for the whole and for each group', () => {
  const models = ['a/one', 'b/two', 'c/three'];
  const record = fixtureRecord({ cases: 400, models, seed: 4 });
  // Repeats of one model only (a cancelled run), and results of a model outside the groups.
  const repeated = fixtureRecord({ cases: 50, models: ['b/two'], seed: 5, repeat: 3 }).results.filter((r) => r.repeat > 0);
  const stray = fixtureRecord({ cases: 20, models: ['z/other'], seed: 6 }).results;
  const results = [...record.results, ...repeated, ...stray].reverse();
  const index = new Map(models.map((m, i) => [m, i]));
  const { all, groups } = summarizeGroups(results, models.length, (r) => index.get(r.model));
  assert.deepEqual(all, summarizeGroup(results));
  assert.deepEqual(
    groups,
    models.map((m) => summarizeGroup(results.filter((r) => r.model === m))),
  );
  assert.ok(groups[1].repeats && !groups[0].repeats, 'only the repeated model is summarised over its cases');
});

test('no results: empty summaries, one per group', () => {
  const { all, groups } = summarizeGroups([], 2, () => 0);
  assert.deepEqual(all, summarizeGroup([]));
  assert.deepEqual(groups, [summarizeGroup([]), summarizeGroup([])]);
});
