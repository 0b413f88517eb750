import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { keyedDebouncer, throttle } from '../../../src/extension/analysis/debounce.js';

test('keyedDebouncer runs each key once after it has been quiet', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const ran: string[] = [];
  const d = keyedDebouncer<string>(300, (key) => ran.push(key));
  d.schedule('a');
  t.mock.timers.tick(200);
  d.schedule('a'); // typing again restarts the wait
  d.schedule('b', 50);
  t.mock.timers.tick(100);
  assert.deepEqual(ran, ['b']);
  assert.equal(d.pending('a'), true);
  t.mock.timers.tick(200);
  assert.deepEqual(ran, ['b', 'a']);
  d.schedule('c');
  d.cancel('c');
  d.schedule('d');
  d.dispose();
  t.mock.timers.tick(1000);
  assert.deepEqual(ran, ['b', 'a']);
});

test('throttle fires at once, then at most once per interval with the latest arguments', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const calls: number[] = [];
  const f = throttle((n: number) => calls.push(n), 250);
  f(1);
  f(2);
  f(3);
  assert.deepEqual(calls, [1]);
  t.mock.timers.tick(250);
  assert.deepEqual(calls, [1, 3]);
  f(4);
  f.flush();
  assert.deepEqual(calls, [1, 3, 4]);
  f(5);
  f(6);
  f.cancel();
  t.mock.timers.tick(1000);
  assert.deepEqual(calls, [1, 3, 4], 'a cancelled trailing call never lands');
  mock.reset();
});

test("throttle with a cost factor waits that many times the last call's duration when it exceeds the interval", (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  const calls: number[] = [];
  let work = 0;
  // A call that takes `work` ms of the clock, as a pass over a growing run's results does.
  const f = throttle((n: number) => (calls.push(n), t.mock.timers.tick(work)), 250, { costFactor: 10 });
  f(1);
  f(2);
  t.mock.timers.tick(250);
  assert.deepEqual(calls, [1, 2], 'a cheap call keeps to the interval');
  work = 100;
  f(3);
  t.mock.timers.tick(250);
  assert.deepEqual(calls, [1, 2, 3]);
  f(4);
  t.mock.timers.tick(500);
  assert.deepEqual(calls, [1, 2, 3], 'a call of 100 ms waits 1 s from its start, not 250 ms');
  t.mock.timers.tick(500);
  assert.deepEqual(calls, [1, 2, 3, 4]);
  mock.reset();
});
