import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idSet } from '../../../src/core/dataset/idSet.js';

test('an id set finds every id added twice, and no other, as it grows past a hundred thousand ids', () => {
  const ids = idSet();
  const n = 150_000;
  for (let i = 0; i < n; i++) assert.equal(ids.add(`row-${i.toString(16).padStart(10, '0')}`), false);
  for (let i = 0; i < n; i += 997) assert.equal(ids.add(`row-${i.toString(16).padStart(10, '0')}`), true);
  assert.equal(ids.add(''), false);
  assert.equal(ids.add(''), true);
  assert.equal(ids.add('row-'), false, 'a prefix of others is an id of its own');
});
