import test from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLED_PRICING, costOf, countChatFor, estimateRun, parsePromptFile, priceFor, pricingWith, tokenizerFor } from '../../../src/core/index.js';
import { countPromptTokensWith, textCounterFor } from '../../support/chatTokenCount.js';

test('tokenizer choice: exact for known OpenAI families, approximate elsewhere unless the provider declares one', () => {
  assert.deepEqual(tokenizerFor('openai/gpt-4o-mini'), { encoding: 'o200k_base', exact: true });
  assert.deepEqual(tokenizerFor('openai/gpt-4'), { encoding: 'cl100k_base', exact: true });
  assert.deepEqual(tokenizerFor('openai/gpt-3.5-turbo-0125'), { encoding: 'cl100k_base', exact: true });
  assert.deepEqual(tokenizerFor('ollama/llama3.2'), { encoding: 'o200k_base', exact: false });
  assert.deepEqual(tokenizerFor('azure/my-deployment', 'o200k_base'), { encoding: 'o200k_base', exact: true });
});

test("chat counts follow OpenAI's rule: 3 per message + role + content, 3 to prime the reply", async () => {
  const count = await countChatFor('openai/gpt-4o', [{ role: 'user', content: 'hello' }]);
  assert.equal(count.total, 3 + 1 + 1 + 3);
  assert.deepEqual(count.perMessage, [5]);
});

test("estimates equal the token counts the test server (gpt-tokenizer's own chat counter) reports", async () => {
  const messages = [
    { role: 'system' as const, content: 'You are a terse assistant. Answer in one word.' },
    { role: 'user' as const, content: 'What is the capital of Australia? Ünïcödé & emoji 🚀 included.' },
  ];
  for (const model of ['openai/gpt-4o-mini', 'openai/gpt-4']) {
    const ours = await countChatFor(model, messages);
    const server = countPromptTokensWith(await textCounterFor(model), messages);
    assert.equal(ours.total, server, model);
  }
});

test('prices: exact id, dated snapshots, overrides; cost uses cached-input price', () => {
  const price = priceFor('openai/gpt-4o-mini-2024-07-18', BUNDLED_PRICING);
  assert.deepEqual(price && [price.input, price.output], [0.15, 0.6]);
  assert.equal(priceFor('ollama/llama3.2', BUNDLED_PRICING), undefined);
  assert.deepEqual(priceFor('ollama/llama3.2', pricingWith({ 'ollama/llama3.2': { input: 0, output: 0 } })), { input: 0, output: 0 });
  const cost = costOf({ inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000 }, { input: 2, cachedInput: 0.5, output: 8 });
  assert.equal(cost, 0.6 * 2 + 0.4 * 0.5 + 0.1 * 8);
  assert.equal(costOf({ inputTokens: 1, cachedInputTokens: 0, outputTokens: 1 }, undefined), null);
});

test('estimateRun: per model, output from history, then maxTokens, then an assumption – labelled', async () => {
  const parsed = parsePromptFile(
    'model: openai/gpt-4o-mini\nmodelParameters:\n  maxTokens: 50\nmessages:\n  - role: user\n    content: "Hi {{name}}"\nworkbench:\n  models: [ollama/llama3.2]\n',
    'p.prompt.yml',
  );
  const cases = ['Ada', 'Grace'].map((name, i) => ({
    id: String(i),
    label: name,
    vars: { name },
    evaluators: [],
    source: { file: 'p', range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } },
  }));
  const estimate = await estimateRun({ prompt: parsed.prompt!, cases, pricing: BUNDLED_PRICING, repeat: 2, outputHistory: new Map([['openai/gpt-4o-mini', 12]]) });
  const [mini, llama] = estimate.models;
  assert.equal(mini.requests, 4);
  assert.equal(mini.outputBasis, 'history');
  assert.equal(mini.outputTokens, 48);
  assert.equal(mini.exact, true);
  assert.equal(llama.outputBasis, 'maxTokens');
  assert.equal(llama.exact, false);
  assert.equal(llama.costUsd, null);
  assert.equal(estimate.costIncomplete, true);
  const single = await countChatFor('openai/gpt-4o-mini', [{ role: 'user', content: 'Hi Ada' }]);
  assert.equal(mini.inputTokens, single.total * 4);
  assert.equal(mini.costUsd, (mini.inputTokens * 0.15 + 48 * 0.6) / 1e6);
});

test('estimateRun without rows counts the template once and says so', async () => {
  const parsed = parsePromptFile('model: openai/gpt-4o\nmessages:\n  - role: user\n    content: "{{input}}"\n', 'p.prompt.yml');
  const estimate = await estimateRun({ prompt: parsed.prompt!, cases: [], pricing: BUNDLED_PRICING });
  assert.equal(estimate.templateOnly, true);
  assert.equal(estimate.models[0].requests, 1);
  assert.equal(estimate.models[0].outputBasis, 'assumed');
});

test("estimateRun uses a provider's own counter for its model: exact, labelled, per conversation", async () => {
  const parsed = parsePromptFile('model: vscode-lm/copilot-x\nmessages:\n  - role: system\n    content: Be brief.\n  - role: user\n    content: "Hi {{name}}"\n', 'p.prompt.yml');
  const cases = ['Ada', 'Grace'].map((name, i) => ({
    id: String(i),
    label: name,
    vars: { name },
    evaluators: [],
    source: { file: 'p', range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } },
  }));
  const seen: string[][] = [];
  const counter = async (messages: readonly { content: string }[]) => {
    seen.push(messages.map((m) => m.content));
    return messages.reduce((n, m) => n + m.content.length, 0);
  };
  const estimate = await estimateRun({ prompt: parsed.prompt!, cases, pricing: BUNDLED_PRICING, counters: { 'vscode-lm/copilot-x': counter } });
  const [m] = estimate.models;
  assert.equal(m.exact, true);
  assert.equal(m.tokenizer, "the model's own countTokens");
  assert.equal(m.inputTokens, 'Be brief.'.length * 2 + 'Hi Ada'.length + 'Hi Grace'.length);
  assert.deepEqual(seen, [
    ['Be brief.', 'Hi Ada'],
    ['Be brief.', 'Hi Grace'],
  ]);
  const local = await estimateRun({ prompt: parsed.prompt!, cases, pricing: BUNDLED_PRICING });
  assert.equal(local.models[0].exact, false);
  assert.equal(local.models[0].tokenizer, 'o200k_base');
});
