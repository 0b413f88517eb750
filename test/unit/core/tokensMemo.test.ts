// The per-text memo of token counts (src/core/tokens/textMemo.ts): bounded by the characters it
// holds, never by how many texts; texts in use stay.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ENTRY_CHARS, MEMO_LIMITS, textMemo } from '../../../src/core/tokens/textMemo.js';

const SEED = Number(process.env.PW_FC_SEED ?? 20261122);

describe('token-count memo', () => {
  it('never holds more characters than its budget, whatever is remembered', () => {
    const limits = { maxTextChars: 1000, maxTotalChars: 5000 };
    // Short and long texts, some of them the same, some longer than maxTextChars.
    const text = fc.tuple(fc.nat(40), fc.oneof(fc.nat(20), fc.integer({ min: 500, max: 1500 }))).map(([id, length]) => `${id}:`.padEnd(length, '.'));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), text), { maxLength: 300, size: 'max' }), (operations) => {
        const memo = textMemo(limits);
        for (const [lookUp, t] of operations) {
          if (lookUp) memo.get(t);
          else memo.set(t, t.length);
          assert.ok(memo.heldChars <= limits.maxTotalChars, `${memo.heldChars} characters held`);
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('does not remember a text longer than maxTextChars: a 1 MB cell is counted, not kept', () => {
    const memo = textMemo();
    const cell = 'x'.repeat(1_000_000);
    memo.set(cell, 125_000);
    assert.equal(memo.get(cell), undefined);
    assert.equal(memo.heldChars, 0);
    const longest = 'y'.repeat(MEMO_LIMITS.maxTextChars);
    memo.set(longest, 4096);
    assert.equal(memo.get(longest), 4096);
    assert.equal(memo.heldChars, MEMO_LIMITS.maxTextChars + ENTRY_CHARS);
  });

  it('keeps a text that is in use while thousands of others come and go', () => {
    const memo = textMemo({ maxTextChars: 1000, maxTotalChars: 100 * (10 + ENTRY_CHARS) });
    memo.set('the system message', 3);
    for (let i = 0; i < 10_000; i++) {
      memo.set(`row ${i}`.padEnd(10), i);
      assert.equal(memo.get('the system message'), 3, `lost after ${i} rows`);
    }
    assert.equal(memo.get('row 0'.padEnd(10)), undefined, 'rows not used again are gone');
    assert.equal(memo.get('row 9999'.padEnd(10)), 9999);
  });

  it('stays fast when texts keep coming: 100,000 distinct rows in well under a second', () => {
    // A map emptied entry by entry from the front slows down (V8 skips the holes left at the front on
    // every pass): that way this loop takes ~5 s. This memo drops whole maps instead (~0.1 s).
    const memo = textMemo({ maxTextChars: 1000, maxTotalChars: 20_000 * (16 + ENTRY_CHARS) });
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) memo.set(`row number ${i}`, i);
    assert.ok(performance.now() - started < 1500, `${(performance.now() - started).toFixed(0)} ms`);
  });
});
