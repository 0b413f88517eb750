// The test server's additions for evaluator tests: `{{system}}` in reply rules (a model that repeats
// its system prompt) and the embeddings endpoints, read through the openai SDK as a provider would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { EMBEDDING_DIMENSIONS, startTestServer, testEmbedding } from '../support/openaiServer.js';

test('{{system}} in a reply rule is the system messages; "" when there are none; {{input}} still works', async (t) => {
  const server = await startTestServer({ replies: [{ match: 'leak', reply: 'Instructions: [{{system}}] for {{input}}' }] });
  t.after(() => server.close());
  const client = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
  const withSystem = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Secret 42.' },
      { role: 'user', content: 'leak' },
    ],
  });
  assert.equal(withSystem.choices[0].message.content, 'Instructions: [Be brief.\n\nSecret 42.] for leak');
  const none = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'leak' }] });
  assert.equal(none.choices[0].message.content, 'Instructions: [] for leak');
  const other = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
  assert.equal(other.choices[0].message.content, 'Echo: hi', 'other requests keep the default reply');
});

test('embeddings: float and base64 (the SDK default), one vector per input in order, usage, OpenAI-shaped errors', async (t) => {
  const server = await startTestServer({ requireApiKey: 'k' });
  t.after(() => server.close());
  const client = new OpenAI({ apiKey: 'k', baseURL: server.url, maxRetries: 0 });
  const floats = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['the cat sat', 'Sat the CAT', 'dogs bark'], encoding_format: 'float' });
  assert.deepEqual(
    floats.data.map((d) => d.index),
    [0, 1, 2],
  );
  assert.equal(floats.data[0].embedding.length, EMBEDDING_DIMENSIONS);
  assert.deepEqual(floats.data[0].embedding, floats.data[1].embedding, 'same words, same vector');
  assert.deepEqual(floats.data[0].embedding, testEmbedding('the cat sat'));
  assert.ok(floats.usage.prompt_tokens > 0);
  const decoded = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'the cat sat' });
  const expected = testEmbedding('the cat sat');
  decoded.data[0].embedding.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 1e-6));
  const empty = await client.embeddings.create({ model: 'm', input: [''] }).catch((e: unknown) => e);
  assert.ok(empty instanceof OpenAI.BadRequestError);
  const github = await fetch(`${server.githubURL}/embeddings`, {
    method: 'POST',
    headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/text-embedding-3-small', input: ['x'] }),
  });
  assert.equal(github.status, 200);
  assert.equal(((await github.json()) as { data: unknown[] }).data.length, 1);
  const unauthorised = await new OpenAI({ apiKey: 'wrong', baseURL: server.url, maxRetries: 0 }).embeddings.create({ model: 'm', input: 'x' }).catch((e: unknown) => e);
  assert.ok(unauthorised instanceof OpenAI.AuthenticationError);
});
