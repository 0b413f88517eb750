import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LATE_ASK_MS, MAX_REASKS, lensPacing } from '../../../src/extension/editor/lensPacing.js';

test('a request that comes within the floor and the round trip after an edit or a change event is not late', () => {
  const pacing = lensPacing();
  pacing.triggered('/w/a.prompt.yml', 1_000);
  assert.equal(pacing.asked('/w/a.prompt.yml', 1_000 + 260), false);
  pacing.triggered(undefined, 5_000);
  assert.equal(pacing.asked('/w/a.prompt.yml', 5_000 + LATE_ASK_MS), false);
});

test('a request long after the last edit is late, and so is one long after the last change event', () => {
  const pacing = lensPacing();
  pacing.triggered('/w/a.prompt.yml', 1_000);
  assert.equal(pacing.asked('/w/a.prompt.yml', 1_000 + 2_700), true);
  pacing.triggered(undefined, 10_000);
  assert.equal(pacing.asked('/w/a.prompt.yml', 10_000 + 1_400), true);
});

test('the latest of the edit and the change event is what the request is timed from', () => {
  const pacing = lensPacing();
  pacing.triggered(undefined, 1_000);
  pacing.triggered('/w/a.prompt.yml', 3_000);
  assert.equal(pacing.asked('/w/a.prompt.yml', 3_300), false, 'from the edit, not the older change event');
  pacing.triggered(undefined, 9_000);
  assert.equal(pacing.asked('/w/a.prompt.yml', 9_300), false, 'from the change event, not the older edit');
});

test('an edit of one file says nothing of when another was asked for', () => {
  const pacing = lensPacing();
  pacing.triggered('/w/a.prompt.yml', 1_000);
  assert.equal(pacing.asked('/w/b.prompt.yml', 5_000), false, 'nothing seen that made VS Code ask for b');
  pacing.triggered('/w/b.prompt.yml', 4_900);
  assert.equal(pacing.asked('/w/a.prompt.yml', 5_000), true);
});

test('a request with nothing seen before it (the file opening) is not late', () => {
  assert.equal(lensPacing().asked('/w/a.prompt.yml', 99_000), false);
});

test('late requests ask again at most MAX_REASKS times in a row; a prompt one starts the count again', () => {
  const pacing = lensPacing();
  const lateAsk = (at: number) => {
    pacing.triggered(undefined, at);
    return pacing.asked('/w/a.prompt.yml', at + 2_000);
  };
  let t = 0;
  const answers = Array.from({ length: MAX_REASKS + 2 }, () => lateAsk((t += 10_000)));
  assert.deepEqual(answers, [...Array(MAX_REASKS).fill(true), false, false]);
  pacing.triggered(undefined, (t += 10_000));
  assert.equal(pacing.asked('/w/a.prompt.yml', t + 250), false);
  assert.equal(lateAsk((t += 10_000)), true, 'counted anew after a prompt request');
});

test('forgetting a closed file drops its edits and its count', () => {
  const pacing = lensPacing();
  pacing.triggered('/w/a.prompt.yml', 1_000);
  pacing.forget('/w/a.prompt.yml');
  assert.equal(pacing.asked('/w/a.prompt.yml', 9_000), false);
});
