// The test server's tool calls, refusals, finish reasons and spaced stream chunks, as OpenAI's SDK
// reads them: the wire shapes the runner's tool loop and streaming are tested against.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startTestServer, type TestServer } from '../support/openaiServer.js';

describe('openai test server: tools, refusals, finish reasons, streaming gaps', () => {
  let server: TestServer;
  let openai: OpenAI;
  const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } }];
  before(async () => {
    server = await startTestServer({
      replies: [
        { afterTool: 'sunny', reply: 'It is {{tool}}.' },
        { match: 'weather', reply: '', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
        { match: 'harm', reply: 'No.', refusal: true },
        { match: 'long', reply: 'cut', finishReason: 'length' },
      ],
    });
    openai = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
  });
  after(() => server.close());

  it('answers with tool_calls (content null, finish_reason tool_calls), then with text after the tool result', async () => {
    const first = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'weather?' }], tools });
    const choice = first.choices[0];
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    const [call] = choice.message.tool_calls!;
    assert.equal(call.type, 'function');
    assert.deepEqual(call.type === 'function' ? [call.function.name, JSON.parse(call.function.arguments)] : [], ['get_weather', { city: 'Paris' }]);
    const second = await openai.chat.completions.create({
      model: 'm',
      tools,
      messages: [{ role: 'user', content: 'weather?' }, choice.message, { role: 'tool', tool_call_id: call.id, content: 'sunny' }],
    });
    assert.equal(second.choices[0].message.content, 'It is sunny.');
    assert.equal(second.choices[0].finish_reason, 'stop');
  });

  it('sends a refusal in message.refusal and a finish reason a rule sets', async () => {
    const refused = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'harm' }] });
    assert.equal(refused.choices[0].message.refusal, 'No.');
    assert.equal(refused.choices[0].message.content, null);
    const long = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'long' }] });
    assert.equal(long.choices[0].finish_reason, 'length');
  });

  it('streams calls as deltas by index, and spaces chunks by chunkDelayMs after the first token', async () => {
    server.setOptions({ chunkDelayMs: 30 });
    try {
      const stream = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'weather?' }], tools, stream: true });
      const deltas: OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta.ToolCall[] = [];
      let finish: string | null = null;
      const started = performance.now();
      let firstAt = 0;
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        if (choice?.delta.tool_calls) {
          if (!firstAt) firstAt = performance.now() - started;
          deltas.push(...choice.delta.tool_calls);
        }
        if (choice?.finish_reason) finish = choice.finish_reason;
      }
      const total = performance.now() - started;
      assert.equal(finish, 'tool_calls');
      assert.equal(deltas[0].function?.name, 'get_weather');
      assert.ok(deltas[0].id);
      assert.deepEqual(JSON.parse(deltas.map((d) => d.function?.arguments ?? '').join('')), { city: 'Paris' });
      assert.ok(deltas.every((d) => d.index === 0));
      assert.ok(total - firstAt >= 60, `later chunks come chunkDelayMs apart (${Math.round(firstAt)} ms to the first call delta, ${Math.round(total)} ms in all)`);
    } finally {
      server.setOptions({ chunkDelayMs: undefined });
    }
  });
});
