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

test('a request long after the last edit is late', () => {
  const pacing = lensPacing();
  pacing.triggered('/w/a.prompt.yml', 1_000);
  assert.equal(pacing.asked('/w/a.prompt.yml', 1_000 + 2_700), true);
});

test("a late request after a change event alone (a run's results coming in) does not ask again", () => {
  const pacing = lensPacing();
  pacing.triggered('/w/a.prompt.yml', 1_000);
  pacing.triggered(undefined, 10_000);
  assert.equal(pacing.asked('/w/a.prompt.yml', 10_000 + 1_400), false, 'the change event is newer than the edit');
  pacing.triggered(undefined, 20_000);
  assert.equal(pacing.asked('/w/b.prompt.yml', 20_000 + 1_400), false, 'a file never edited');
});

test("once an edit's late request asked again, a late answer to that ask asks again too", () => {
  const pacing = lensPacing();
  pacing.triggered('/w/a.prompt.yml', 1_000);
  assert.equal(pacing.asked('/w/a.prompt.yml', 3_000), true);
  pacing.triggered(undefined, 3_100);
  assert.equal(pacing.asked('/w/a.prompt.yml', 3_100 + 900), true, "still VS Code's long wait");
  pacing.triggered(undefined, 4_100);
  assert.equal(pacing.asked('/w/a.prompt.yml', 4_100 + 300), false, 'prompt: done');
  pacing.triggered(undefined, 9_000);
  assert.equal(pacing.asked('/w/a.prompt.yml', 9_000 + 900), false, 'the chain ended with the prompt request');
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
  const lateAsk = (at: number, edit = false) => {
    pacing.triggered(edit ? '/w/a.prompt.yml' : undefined, at);
    return pacing.asked('/w/a.prompt.yml', at + 2_000);
  };
  let t = 0;
  assert.equal(lateAsk((t += 10_000), true), true, 'an edit starts it');
  const answers = Array.from({ length: MAX_REASKS + 1 }, () => lateAsk((t += 10_000)));
  assert.deepEqual(answers, [...Array(MAX_REASKS - 1).fill(true), false, false]);
  pacing.triggered(undefined, (t += 10_000));
  assert.equal(pacing.asked('/w/a.prompt.yml', t + 250), false);
  assert.equal(lateAsk((t += 10_000), true), true, 'counted anew after a prompt request');
});

test('forgetting a closed file drops its edits and its count', () => {
  const pacing = lensPacing();
  pacing.triggered('/w/a.prompt.yml', 1_000);
  pacing.forget('/w/a.prompt.yml');
  assert.equal(pacing.asked('/w/a.prompt.yml', 9_000), false);
});
