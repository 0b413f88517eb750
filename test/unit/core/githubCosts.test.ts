import test from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLED_PRICING, GITHUB_PRICE_NOTE, estimateRun, githubPriceNote, parsePromptFile, priceFor } from '../../../src/core/index.js';

// GitHub Models publishes no per-model prices here: a model it serves that OpenAI prices is
// estimated at OpenAI's list price, labelled as an upper bound; any other is n/a, never $0.

test('github:openai/… is priced like openai/…; other publishers have no price', () => {
  assert.deepEqual(priceFor('github:openai/gpt-4.1-mini', BUNDLED_PRICING), BUNDLED_PRICING.models['openai/gpt-4.1-mini']);
  assert.equal(priceFor('meta/Llama-3.3-70B-Instruct', BUNDLED_PRICING), undefined);
  assert.equal(priceFor('github:meta/Llama-3.3-70B-Instruct', BUNDLED_PRICING), undefined);
  assert.equal(githubPriceNote('openai/gpt-4.1', BUNDLED_PRICING), GITHUB_PRICE_NOTE);
  assert.equal(githubPriceNote('github:openai/gpt-4.1', BUNDLED_PRICING), GITHUB_PRICE_NOTE);
  assert.equal(githubPriceNote('xai/grok-3-mini', BUNDLED_PRICING), undefined);
  assert.match(GITHUB_PRICE_NOTE, /upper bound/);
});

test('an estimate carries the note for the models it applies to; unpriced models stay n/a', async () => {
  const parsed = parsePromptFile('model: openai/gpt-4.1-mini\nmessages:\n  - role: user\n    content: hi\n', '/tmp/x.prompt.yml');
  const estimate = await estimateRun({
    prompt: parsed.prompt!,
    cases: [],
    models: ['openai/gpt-4.1-mini', 'meta/Llama-3.3-70B-Instruct'],
    pricing: BUNDLED_PRICING,
    priceNotes: { 'openai/gpt-4.1-mini': GITHUB_PRICE_NOTE },
  });
  const [openai, meta] = estimate.models;
  assert.equal(openai.priceNote, GITHUB_PRICE_NOTE);
  assert.ok((openai.costUsd ?? 0) > 0);
  assert.equal(meta.priceNote, undefined);
  assert.equal(meta.costUsd, null);
  assert.equal(estimate.costIncomplete, true);
});
