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
