// ▶ Run case updates that case inside the latest full picture (issue 18.8): the CodeLens keeps
// counting every case and the ✗ on another failing row stays.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pictureWith } from '../../../src/extension/run/picture.js';
import { lastRunSummary, lastRunTitle } from '../../../src/extension/editor/codeLensModel.js';
import { makeRecord } from '../webviews/records.js';

const full = {
  record: makeRecord({
    models: ['m1', 'm2'],
    cases: ['a', 'b', 'c'],
    results: [
      ['a', 'm1', 'failed'],
      ['a', 'm2', 'passed'],
      ['b', 'm1', 'failed'],
      ['b', 'm2', 'passed'],
      ['c', 'm1', 'passed'],
      ['c', 'm2', 'passed'],
    ],
  }),
  file: '/w/.prompt-workbench/runs/full.jsonl',
  root: '/w',
};

test('a run of one case replaces that case’s results in the picture, in place', () => {
  const one = { record: makeRecord({ id: 'one', models: ['m1'], cases: ['a'], results: [['a', 'm1', 'passed']] }), root: '/w' };
  const picture = pictureWith(full, one, ['a']);
  assert.deepEqual(
    picture.record.results.map((r) => `${r.caseId}/${r.model}/${r.status}`),
    ['a/m1/passed', 'a/m2/passed', 'b/m1/failed', 'b/m2/passed', 'c/m1/passed', 'c/m2/passed'],
  );
  assert.equal(picture.file, full.file, 'the picture is still the full run’s');
  assert.equal(lastRunTitle(lastRunSummary(picture.record)), 'Last run: 5/6 passed · $0.006');
  assert.equal(lastRunSummary(one.record).decided, 1, 'the run itself covered one result');
  // While it runs the picture says so; a whole run, or nothing to update, replaces it.
  assert.equal(pictureWith(full, { ...one, record: { ...one.record, status: 'running' } }, ['a']).record.status, 'running');
  assert.equal(pictureWith(full, one, undefined), one);
  assert.equal(pictureWith(undefined, one, ['a']), one);
  const other = { ...one, record: { ...one.record, prompt: { ...one.record.prompt, path: 'other.prompt.yml' } } };
  assert.equal(pictureWith(full, other, ['a']), other);
});
