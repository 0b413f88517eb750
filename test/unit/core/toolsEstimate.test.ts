// Estimates for prompts with tools, conversations and images: tool definitions counted as JSON
// text, earlier turns as messages, images by OpenAI's published tile rule.
import test from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLED_PRICING, estimateRun, preparePrompt } from '../../../src/core/index.js';
import { imageTokens } from '../../../src/core/conversation/imageTokens.js';
import { loadEncoder } from '../../../src/core/tokens/tokenizer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

test("imageTokens follows OpenAI's worked examples", () => {
  // The vision guide: 1024×1024 at high detail is 4 tiles, 765 tokens; 2048×4096 scales to 768×1536, 6 tiles, 1105.
  assert.equal(imageTokens(1024, 1024, 'openai/gpt-4o'), 765);
  assert.equal(imageTokens(2048, 4096, 'openai/gpt-4o'), 1105);
  assert.equal(imageTokens(4096, 8192, 'openai/gpt-4o', 'low'), 85);
  assert.equal(imageTokens(1024, 1024, 'openai/gpt-4o-mini'), 2833 + 4 * 5667);
});

test('the estimate adds the tool definitions per request, earlier turns and image tokens per case', async () => {
  const base = `model: openai/gpt-4o
messages:
  - role: user
    content: "{{q}}"
testData:
  - { _id: plain, q: hello }
`;
  const withAll = `model: openai/gpt-4o
messages:
  - role: user
    content: "{{q}}"
testData:
  - _id: plain
    q: hello
    _images: [dot.png, "https://example.com/cat.png"]
    _messages: [{ role: user, content: earlier question }, { role: assistant, content: earlier answer }]
workbench:
  tools:
    - type: function
      function: { name: get_weather, parameters: { type: object, properties: { city: { type: string } } } }
`;
  const ws = await tempWorkspace({ 'a.prompt.yml': base, 'b.prompt.yml': withAll, 'dot.png': PNG });
  try {
    const plain = await preparePrompt(ws.file('a.prompt.yml'), { workspaceRoot: ws.root });
    const rich = await preparePrompt(ws.file('b.prompt.yml'), { workspaceRoot: ws.root });
    assert.deepEqual(rich.cases[0].imageSizes, [{ width: 1, height: 1 }, null]);
    const a = (await estimateRun({ prompt: plain.parsed.prompt!, cases: plain.cases, pricing: BUNDLED_PRICING })).models[0];
    const b = (await estimateRun({ prompt: rich.parsed.prompt!, cases: rich.cases, pricing: BUNDLED_PRICING })).models[0];
    const encoder = await loadEncoder('o200k_base');
    const toolTokens = encoder.countTokens(JSON.stringify(rich.parsed.prompt!.tools));
    assert.equal(b.toolTokens, toolTokens);
    assert.equal(a.toolTokens, 0);
    // 1×1 → one tile (255); the https image, size unknown, as 1024×1024 (765).
    assert.equal(b.imageTokensPerCase, 255 + 765);
    const turns = b.inputTokensPerCase - a.inputTokensPerCase - toolTokens - 255 - 765;
    assert.ok(turns > 8 && turns < 30, `the two earlier turns add their tokens (${turns})`);
    assert.equal(b.maxInputTokens, b.inputTokensPerCase);
  } finally {
    await ws.remove();
  }
});
