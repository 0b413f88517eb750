// Counting without holding the event loop (src/core/tokens/timeSlices.ts and the async counting
// APIs built on it): long texts are counted in slices with turns of the event loop between them,
// an AbortSignal stops a count, and short texts pay nothing for it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as o200kModule from 'gpt-tokenizer/encoding/o200k_base';
import { BUNDLED_PRICING, estimateRun, parsePromptFile } from '../../../src/core/index.js';
import { COUNT_LIMITS, countSteps } from '../../../src/core/tokens/linearCount.js';
import { timeSlices } from '../../../src/core/tokens/timeSlices.js';
import { countChat, countChatFor, countChatSliced, countText, loadEncoder } from '../../../src/core/tokens/tokenizer.js';
import { vocabularyOf, type Vocabulary } from '../../../src/core/tokens/vocabulary.js';

const vocab = vocabularyOf(o200kModule) as Vocabulary;

/** Counts turns of the event loop (setImmediate callbacks) until stop() is called. */
function turnCounter(): { turns: () => number; stop: () => void } {
  let turns = 0;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return { turns: () => turns, stop: () => (stopped = true) };
}

const base64 = (bytes: number) => randomBytes(bytes).toString('base64');

describe('counting in time slices', () => {
  it('yields at least every yieldEveryChars characters, inside one long pre-token too', () => {
    const spacing = Math.max(COUNT_LIMITS.yieldEveryChars, COUNT_LIMITS.maxPieceChars);
    for (const text of [base64(150_000), 'x'.repeat(200_000), '東京タワー'.repeat(40_000), `${'lorem ipsum '.repeat(10_000)}`]) {
      const steps = countSteps(text, vocab);
      let yields = 0;
      while (!steps.next().done) yields++;
      assert.ok(yields >= Math.floor(text.length / spacing) - 1, `${yields} yields for ${text.length} characters`);
    }
  });

  it('countText gives the event loop turns while it counts a long text, and counts the same', async () => {
    const text = base64(600_000);
    const loop = turnCounter();
    const n = await countText(text, 'o200k_base', { sliceMs: 1 });
    loop.stop();
    assert.ok(loop.turns() >= 5, `${loop.turns()} turns of the event loop`);
    assert.equal(n, (await loadEncoder('o200k_base')).countTokens(text));
  });

  it('an aborted count rejects with the signal’s reason and advances no further', async () => {
    const controller = new AbortController();
    let advanced = 0;
    function* work(): Generator<void, number, void> {
      for (let i = 0; i < 1_000; i++) {
        advanced++;
        yield;
      }
      return advanced;
    }
    const running = timeSlices({ signal: controller.signal, sliceMs: 0 }).run(work());
    setImmediate(() => controller.abort());
    await assert.rejects(running, { name: 'AbortError' });
    const atAbort = advanced;
    assert.ok(atAbort < 1_000, 'stopped before the end');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(advanced, atAbort, 'nothing ran after the abort');
  });

  it('countText and countChatFor reject at once with a signal already aborted', async () => {
    const signal = AbortSignal.abort();
    await assert.rejects(countText(base64(100_000), 'o200k_base', { signal }), { name: 'AbortError' });
    await assert.rejects(countChatFor('openai/gpt-4o', [{ role: 'user', content: 'hi' }], undefined, { signal }), { name: 'AbortError' });
  });

  it('conversations counted on one TimeSlices take no turn of the event loop until its slice is used up', async () => {
    const encoder = await loadEncoder('o200k_base');
    // Each long enough that counting it passes points where it could pause.
    const rows = Array.from({ length: 50 }, (_, i) => [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: `Where is parcel ${i}? ${'lorem ipsum '.repeat(2000)}` },
    ]);
    const loop = turnCounter();
    const slices = timeSlices({ sliceMs: 60_000 });
    for (const messages of rows) assert.deepEqual(await countChatSliced(messages, encoder, slices), countChat(messages, encoder));
    const turns = loop.turns();
    loop.stop();
    assert.equal(turns, 0);
  });

  it('estimateRun lets the event loop run while it counts a dataset cell of a megabyte, and counts it exactly', async () => {
    const parsed = parsePromptFile('model: openai/gpt-4o\nmessages:\n  - role: user\n    content: "Describe {{image}}"\n', 'p.prompt.yml');
    const image = base64(750_000);
    const cases = [{ id: '0', label: 'big', vars: { image }, evaluators: [], source: { file: 'p', range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } } }];
    const loop = turnCounter();
    const estimate = await estimateRun({ prompt: parsed.prompt!, cases, pricing: BUNDLED_PRICING });
    loop.stop();
    assert.ok(loop.turns() > 0, 'the event loop had a turn during the count');
    const encoder = await loadEncoder('o200k_base');
    assert.equal(estimate.models[0].inputTokensPerCase, countChat([{ role: 'user', content: `Describe ${image}` }], encoder).total);
  });
});
