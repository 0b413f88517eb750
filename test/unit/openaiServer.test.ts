import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, AuthenticationError, InternalServerError, RateLimitError } from 'openai';
import { countChatCompletionTokens as gpt4oChatTokens, countTokens as gpt4oTokens } from 'gpt-tokenizer/model/gpt-4o';
import { countTokens as cl100kTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { PROSE_REPLY, startTestServer, type FaultKind, type TestServer } from '../support/openaiServer.js';
import { countPromptTokens, encodingForModel } from '../support/chatTokenCount.js';
import { sampleFromSchema } from '../support/jsonSchemaSample.js';

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

const ajv = new Ajv2020({ strict: false, validateFormats: false, logger: false });
const ajv7 = new Ajv({ strict: false, validateFormats: false, logger: false });

function client(server: TestServer, apiKey = 'test'): OpenAI {
  return new OpenAI({ apiKey, baseURL: server.url, maxRetries: 0 });
}

function userChat(content: string, model = 'gpt-4o'): { model: string; messages: Message[] } {
  return { model, messages: [{ role: 'user', content }] };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the promise to reject');
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// undici's wording for a body cut off mid-way; the SDK passes it through as a TypeError.
function assertBrokenBody(error: unknown): void {
  assert.ok(error instanceof TypeError, String(error));
  assert.match(error.message, /terminated/);
}

async function waitFor(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

// Cookbook formula computed here by hand, independently of the server's helper.
function cookbookCount(count: (text: string) => number, messages: { role: string; content: string }[]): number {
  return messages.reduce((sum, m) => sum + 3 + count(m.role) + count(m.content), 3);
}

describe('openai test server', () => {
  let server: TestServer;
  let openai: OpenAI;

  before(async () => {
    server = await startTestServer();
    openai = client(server);
  });
  after(() => server.close());
  beforeEach(() => {
    server.setOptions({ latencyMs: 0, replies: [], faults: undefined, requireApiKey: undefined, recordRequests: true });
    server.reset();
  });

  describe('completions and usage', () => {
    it('echoes the last user message with OpenAI-exact token usage', async () => {
      const messages: Message[] = [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'first answer' },
        { role: 'user', content: 'What is the capital of France? <|endoftext|>' },
      ];
      const res = await openai.chat.completions.create({ model: 'gpt-4o', messages, temperature: 0.2, max_tokens: 50 });
      const content = 'Echo: What is the capital of France? <|endoftext|>';
      assert.equal(res.object, 'chat.completion');
      assert.equal(res.model, 'gpt-4o');
      assert.match(res.id, /^chatcmpl-/);
      assert.equal(res.choices.length, 1);
      assert.equal(res.choices[0].message.role, 'assistant');
      assert.equal(res.choices[0].message.content, content);
      assert.equal(res.choices[0].finish_reason, 'stop');
      const plain = { disallowedSpecial: new Set<string>() };
      const count = (text: string): number => gpt4oTokens(text, plain);
      const expectedPrompt = cookbookCount(count, messages as { role: string; content: string }[]);
      assert.equal(expectedPrompt, gpt4oChatTokens?.({ messages: messages as { role: string; content: string }[] }));
      assert.equal(res.usage?.prompt_tokens, expectedPrompt);
      assert.equal(res.usage?.completion_tokens, count(content));
      assert.equal(res.usage?.total_tokens, expectedPrompt + count(content));
      assert.equal(res.usage?.prompt_tokens_details?.cached_tokens, 0);
    });

    it('counts with the model encoding: cl100k for gpt-4 (also behind a provider prefix), o200k for unknown models', async () => {
      const messages = [{ role: 'user' as const, content: 'Ünïcode and émojis 🎉 count differently in cl100k' }];
      const cl = cookbookCount(cl100kTokens, messages);
      const o200 = cookbookCount((t) => gpt4oTokens(t), messages);
      assert.notEqual(cl, o200, 'the fixture must tell the encodings apart');
      assert.equal(encodingForModel('openai/gpt-4'), 'cl100k_base');
      for (const [model, expected] of [
        ['gpt-4', cl],
        ['openai/gpt-4', cl],
        ['my-local-llama', o200],
      ] as const) {
        const res = await openai.chat.completions.create({ model, messages });
        assert.equal(res.usage?.prompt_tokens, expected, model);
        assert.equal(await countPromptTokens(model, messages), expected, model);
      }
    });

    it('counts text parts of array content and names', async () => {
      const messages: Message[] = [
        {
          role: 'user',
          name: 'ada',
          content: [
            { type: 'text', text: 'part one, ' },
            { type: 'text', text: 'part two' },
          ],
        },
      ];
      const res = await openai.chat.completions.create({ model: 'gpt-4o', messages });
      assert.equal(res.choices[0].message.content, 'Echo: part one, part two');
      const count = (t: string): number => gpt4oTokens(t);
      assert.equal(res.usage?.prompt_tokens, 3 + count('user') + count('part one, part two') + count('ada') + 1 + 3);
    });

    it('applies the first matching reply rule and substitutes {{input}} literally', async () => {
      server.setOptions({
        replies: [
          { model: '^judge-', reply: 'PASS' },
          { match: 'weather', reply: 'It is sunny. You said: {{input}} / {{input}}' },
          { match: '.*', reply: 'fallback' },
        ],
      });
      const judged = await openai.chat.completions.create(userChat('weather please', 'judge-1'));
      assert.equal(judged.choices[0].message.content, 'PASS');
      const echoed = await openai.chat.completions.create(userChat('weather $& $1 please'));
      assert.equal(echoed.choices[0].message.content, 'It is sunny. You said: weather $& $1 please / weather $& $1 please');
      const other = await openai.chat.completions.create(userChat('hello'));
      assert.equal(other.choices[0].message.content, 'fallback');
    });

    it('answers json_object requests with {"answer": input}', async () => {
      const res = await openai.chat.completions.create({ ...userChat('say "hi"'), response_format: { type: 'json_object' } });
      assert.deepEqual(JSON.parse(res.choices[0].message.content ?? ''), { answer: 'say "hi"' });
    });

    it('answers json_schema requests with a document that validates against the schema', async () => {
      const schema = {
        type: 'object',
        additionalProperties: false,
        required: ['verdict', 'score', 'reasons', 'meta', 'choice'],
        properties: {
          note: { type: ['string', 'null'], maxLength: 5 },
          verdict: { type: 'string', enum: ['pass', 'fail'] },
          score: { type: 'integer', minimum: 3, maximum: 5 },
          ratio: { type: 'number', exclusiveMinimum: 1, exclusiveMaximum: 1.5 },
          reasons: { type: 'array', minItems: 2, items: { $ref: '#/$defs/reason' } },
          meta: { $ref: '#/$defs/meta' },
          choice: { anyOf: [{ type: 'object', required: ['kind'], properties: { kind: { const: 'a' } } }, { type: 'null' }] },
          when: { type: 'string', format: 'date-time' },
        },
        $defs: {
          reason: { type: 'object', required: ['text', 'weight'], properties: { text: { type: 'string', minLength: 50 }, weight: { type: 'number', minimum: 10, multipleOf: 4 } } },
          meta: { type: 'object', properties: { ok: { type: 'boolean' }, tags: { type: 'array', maxItems: 0, items: { type: 'string' } } } },
        },
      };
      const res = await openai.chat.completions.create({
        ...userChat('Grade this essay about whales'),
        response_format: { type: 'json_schema', json_schema: { name: 'grade', strict: true, schema } },
      });
      const doc = JSON.parse(res.choices[0].message.content ?? '') as Record<string, unknown>;
      const validate = ajv.compile(schema);
      assert.ok(validate(doc), JSON.stringify(validate.errors));
      assert.deepEqual(Object.keys(doc).slice(0, 5), ['verdict', 'score', 'reasons', 'meta', 'choice'], 'required first');
      assert.equal(doc.verdict, 'pass');
      assert.equal(doc.score, 3);
      assert.equal((doc.reasons as unknown[]).length, 2);
      assert.match((doc.reasons as { text: string }[])[0].text, /^Grade this essay/);
    });

    it('generates valid samples for draft-07 definitions, recursion and tuples', () => {
      const schemas: unknown[] = [
        {
          definitions: { node: { type: 'object', required: ['name', 'children'], properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/definitions/node' } } } } },
          $ref: '#/definitions/node',
        },
        { type: 'object', required: ['next'], properties: { next: { anyOf: [{ $ref: '#' }, { type: 'null' }] } } },
        {
          type: 'array',
          items: [
            { type: 'integer', exclusiveMaximum: -2 },
            { type: 'string', maxLength: 3 },
          ],
          additionalItems: false,
          minItems: 2,
        },
        {
          allOf: [
            { type: 'object', required: ['a'], properties: { a: { type: 'string' } } },
            { required: ['b'], properties: { b: { type: 'number', maximum: -7 } } },
          ],
        },
        { type: 'integer', minimum: 3.5, multipleOf: 2 },
        { type: 'string', minLength: 3 },
      ];
      for (const schema of schemas) {
        const value = sampleFromSchema(schema, '');
        const validate = ajv7.compile(schema as object);
        assert.ok(validate(value), `${JSON.stringify(schema)} -> ${JSON.stringify(value)}: ${JSON.stringify(validate.errors)}`);
      }
      assert.equal(sampleFromSchema({ oneOf: [{ type: 'boolean' }] }, 'x'), true);
      assert.equal(sampleFromSchema({ not: {} }, 'x'), null);
    });

    it('streams deltas, a finish chunk and a usage chunk', async () => {
      const stream = await openai.chat.completions.create({ ...userChat('stream me a 😀 reply please'), stream: true, stream_options: { include_usage: true } });
      let text = '';
      let deltas = 0;
      let finish: string | null = null;
      let usage: OpenAI.CompletionUsage | undefined | null;
      for await (const chunk of stream) {
        assert.equal(chunk.object, 'chat.completion.chunk');
        if (chunk.usage) {
          assert.equal(chunk.choices.length, 0);
          usage = chunk.usage;
        }
        for (const choice of chunk.choices) {
          if (choice.delta.content) {
            text += choice.delta.content;
            deltas++;
          }
          finish = choice.finish_reason ?? finish;
        }
      }
      assert.equal(text, 'Echo: stream me a 😀 reply please');
      assert.ok(deltas >= 3, `expected several deltas, got ${deltas}`);
      assert.equal(finish, 'stop');
      const plain = await openai.chat.completions.create(userChat('stream me a 😀 reply please'));
      assert.deepEqual(usage, plain.usage);
    });

    it('omits the usage chunk without include_usage', async () => {
      const stream = await openai.chat.completions.create({ ...userChat('hi'), stream: true });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      assert.ok(chunks.every((c) => !c.usage && c.choices.length === 1));
    });

    it('waits latencyMs before answering and tracks concurrency', async () => {
      server.setOptions({ latencyMs: 150 });
      const start = Date.now();
      await Promise.all(Array.from({ length: 5 }, () => openai.chat.completions.create(userChat('slow'))));
      assert.ok(Date.now() - start >= 140);
      assert.equal(server.stats().maxInFlight, 5);
      assert.equal(server.stats().inFlight, 0);
    });

    it('lists test-model and the literal models of reply rules', async () => {
      server.setOptions({
        replies: [
          { model: '^gpt-4\\.1-mini$', reply: 'x' },
          { model: 'judge-.*', reply: 'y' },
          { model: 'other', reply: 'z' },
        ],
      });
      const models = await openai.models.list();
      assert.deepEqual(models.data.map((m) => m.id).sort(), ['gpt-4.1-mini', 'other', 'test-model']);
      assert.equal(models.data[0].object, 'model');
      assert.equal(models.data[0].owned_by, 'test');
    });
  });

  describe('errors', () => {
    it('answers unknown paths with 404 and bad JSON with 400, in OpenAI shape', async () => {
      const notFound = await fetch(`${server.url}/audio/speech`, { method: 'POST', body: '{}' });
      assert.equal(notFound.status, 404);
      assert.equal(((await notFound.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
      const bad = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: '{"model":', headers: { 'content-type': 'application/json' } });
      assert.equal(bad.status, 400);
      const body = (await bad.json()) as { error: { message: string; type: string; code: unknown } };
      assert.match(body.error.message, /parse the JSON body/);
      assert.equal(body.error.code, null);
      const noModel = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: '{"messages":[]}' });
      assert.equal(noModel.status, 400);
      assert.deepEqual(
        server.requests.map((r) => [r.path, r.status]),
        [
          ['/v1/audio/speech', 404],
          ['/v1/chat/completions', 400],
          ['/v1/chat/completions', 400],
        ],
      );
      assert.equal(server.requests[1].body, '{"model":');
    });

    it('refuses bodies over 16 MiB with 413 and keeps serving', async () => {
      const huge = JSON.stringify(userChat('x'.repeat(17 * 1024 * 1024)));
      const res = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: huge });
      assert.equal(res.status, 413);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'request_too_large');
      const ok = await openai.chat.completions.create(userChat('still here'));
      assert.equal(ok.choices[0].message.content, 'Echo: still here');
    });

    it('requires the API key when configured', async () => {
      server.setOptions({ requireApiKey: 'sk-right' });
      const error = await rejection(client(server, 'sk-wrong').chat.completions.create(userChat('hi')));
      assert.ok(error instanceof AuthenticationError, String(error));
      assert.equal(error.status, 401);
      assert.equal((error.error as { code?: string }).code, 'invalid_api_key');
      const ok = await client(server, 'sk-right').chat.completions.create(userChat('hi'));
      assert.equal(ok.choices[0].message.content, 'Echo: hi');
      const noKey = await fetch(`${server.url}/models`);
      assert.equal(noKey.status, 401);
      const stats = await fetch(`http://127.0.0.1:${server.port}/__stats`);
      assert.equal(stats.status, 200, 'control endpoints need no key');
    });
  });

  describe('faults', () => {
    const withFault = (kind: FaultKind, retryAfterSeconds?: number): void => {
      server.setOptions({ faults: { rate: 1, kinds: [kind], retryAfterSeconds } });
    };

    it('429 carries Retry-After and an OpenAI error body', async () => {
      withFault('429', 7);
      const error = await rejection(openai.chat.completions.create(userChat('hi')));
      assert.ok(error instanceof RateLimitError, String(error));
      assert.equal(error.headers?.get('retry-after'), '7');
      assert.equal((error.error as { code?: string }).code, 'rate_limit_exceeded');
      assert.equal(server.requests[0].fault, '429');
      assert.equal(server.requests[0].status, 429);
    });

    for (const status of [500, 503] as const) {
      it(`${status} is an InternalServerError`, async () => {
        withFault(String(status) as FaultKind);
        const error = await rejection(openai.chat.completions.create(userChat('hi')));
        assert.ok(error instanceof InternalServerError, String(error));
        assert.equal(error.status, status);
        assert.deepEqual(server.stats().byStatus, { [status]: 1 });
      });
    }

    it('reset drops the connection', async () => {
      withFault('reset');
      const error = await rejection(openai.chat.completions.create(userChat('hi')));
      assert.ok(error instanceof APIConnectionError, String(error));
      assert.equal((error.cause as { cause?: { code?: string } } | undefined)?.cause?.code, 'ECONNRESET');
      assert.equal(server.requests[0].status, 0);
      await waitFor(() => server.stats().inFlight === 0);
    });

    it('hang never answers until the client gives up', async () => {
      withFault('hang');
      const aborted = await rejection(openai.chat.completions.create(userChat('hi'), { signal: AbortSignal.timeout(150) }));
      assert.ok(aborted instanceof APIUserAbortError, String(aborted));
      const timedOut = await rejection(openai.chat.completions.create(userChat('hi'), { timeout: 150 }));
      assert.ok(timedOut instanceof APIConnectionTimeoutError, String(timedOut));
      await waitFor(() => server.stats().inFlight === 0);
      assert.deepEqual(server.stats().byFault, { hang: 2 });
    });

    it('truncated-stream cuts a stream after a couple of chunks', async () => {
      withFault('truncated-stream');
      const stream = await openai.chat.completions.create({ ...userChat('a long enough reply to split'), stream: true });
      let chunks = 0;
      const error = await rejection(
        (async () => {
          for await (const _chunk of stream) chunks++;
        })(),
      );
      assertBrokenBody(error);
      assert.equal(chunks, 2, 'the role chunk and the first content delta arrive');
    });

    it('truncated-stream cuts a non-stream body in half', async () => {
      withFault('truncated-stream');
      const error = await rejection(openai.chat.completions.create(userChat('hi')));
      assertBrokenBody(error);
    });

    it('non-json sends HTML with a JSON content type', async () => {
      withFault('non-json');
      const error = await rejection(openai.chat.completions.create(userChat('hi')));
      assert.ok(error instanceof SyntaxError, String(error));
      const raw = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: JSON.stringify(userChat('hi')) });
      assert.equal(raw.headers.get('content-type'), 'application/json');
      assert.equal(await raw.text(), '<html>upstream error</html>');
    });

    it('prose answers in words even when a schema was requested', async () => {
      withFault('prose');
      const res = await openai.chat.completions.create({
        ...userChat('hi'),
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object', properties: { a: { type: 'string' } } } } },
      });
      assert.equal(res.choices[0].message.content, PROSE_REPLY);
      assert.throws(() => JSON.parse(res.choices[0].message.content ?? ''));
      assert.equal(res.usage?.completion_tokens, gpt4oTokens(PROSE_REPLY));
    });

    it('is seeded and reproducible at a partial rate', async () => {
      const plan = { rate: 0.3, kinds: ['500', '503'] as FaultKind[], seed: 42 };
      const run = async (target: TestServer): Promise<string> => {
        const c = client(target);
        let pattern = '';
        for (let i = 0; i < 40; i++) {
          const error = await c.chat.completions.create(userChat(`q${i}`)).then(
            () => undefined,
            (e: unknown) => e,
          );
          pattern += error instanceof InternalServerError ? String(error.status)[2] : '.';
        }
        return pattern;
      };
      server.setOptions({ faults: plan });
      const first = await run(server);
      server.reset();
      const again = await run(server);
      const other = await startTestServer({ faults: plan });
      try {
        assert.equal(await run(other), first);
      } finally {
        await other.close();
      }
      assert.equal(again, first);
      const faulted = first.replaceAll('.', '').length;
      assert.ok(faulted >= 4 && faulted <= 20, `faulted ${faulted}/40: ${first}`);
      assert.match(first, /0/);
      assert.match(first, /3/);
      assert.equal(server.stats().byFault['500'] + server.stats().byFault['503'], faulted);
    });
  });

  describe('control', () => {
    it('drives options, requests, stats and reset over HTTP', async () => {
      const base = `http://127.0.0.1:${server.port}`;
      const set = await fetch(`${base}/__control`, { method: 'POST', body: JSON.stringify({ replies: [{ match: 'ping', reply: 'pong {{input}}' }], faults: null }) });
      assert.equal(set.status, 200);
      const res = await openai.chat.completions.create(userChat('ping'));
      assert.equal(res.choices[0].message.content, 'pong ping');
      const requests = (await (await fetch(`${base}/__requests`)).json()) as { path: string; status: number; headers: Record<string, string>; body: { messages: unknown[] } }[];
      assert.equal(requests.length, 1);
      assert.equal(requests[0].path, '/v1/chat/completions');
      assert.equal(requests[0].status, 200);
      assert.equal(requests[0].headers.authorization, 'Bearer test');
      assert.deepEqual(requests[0].body.messages, [{ role: 'user', content: 'ping' }]);
      const stats = (await (await fetch(`${base}/__stats`)).json()) as { total: number; byStatus: Record<string, number> };
      assert.equal(stats.total, 1);
      assert.deepEqual(stats.byStatus, { 200: 1 });
      const bad = await fetch(`${base}/__control`, { method: 'POST', body: JSON.stringify({ faults: { rate: 2, kinds: ['nope'] } }) });
      assert.equal(bad.status, 400);
      assert.equal((await fetch(`${base}/__reset`, { method: 'POST' })).status, 200);
      assert.equal(server.requests.length, 0);
      assert.equal(server.stats().total, 0);
    });

    it('keeps memory flat with recordRequests: false but still counts', async () => {
      server.setOptions({ recordRequests: false });
      await openai.chat.completions.create(userChat('a'));
      await openai.chat.completions.create(userChat('b'));
      assert.equal(server.requests.length, 0);
      assert.equal(server.stats().total, 2);
    });

    it('rejects invalid options in setOptions', () => {
      assert.throws(() => server.setOptions({ replies: [{ match: '(', reply: 'x' }] }), /invalid server options/);
      assert.throws(() => server.setOptions({ faults: { rate: 0.5, kinds: [] } }), /kinds/);
    });
  });
});

describe('test server lifecycle', () => {
  it('close() returns promptly with a hung request in flight', async () => {
    const server = await startTestServer({ faults: { rate: 1, kinds: ['hang'] } });
    const pending = client(server).chat.completions.create(userChat('hi'));
    await waitFor(() => server.stats().inFlight === 1);
    const start = Date.now();
    await within(server.close(), 2000, 'close()');
    assert.ok(Date.now() - start < 500, `close took ${Date.now() - start} ms`);
    const error = await rejection(pending);
    assert.ok(error instanceof APIConnectionError, String(error));
  });

  it('runs standalone: one JSON line on stdout, serves, exits 0 on SIGTERM', async () => {
    const main = new URL('../support/openaiServerMain.js', import.meta.url);
    const child = spawn(process.execPath, [main.pathname, '--port', '0', '--latency-ms', '5', '--fault-rate', '1', '--faults', '429', '--retry-after', '3', '--require-api-key', 'k'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const info = JSON.parse(line) as { url: string; port: number; pid: number };
      assert.equal(info.url, `http://127.0.0.1:${info.port}/v1`);
      assert.equal(info.pid, child.pid);
      const c = new OpenAI({ apiKey: 'k', baseURL: info.url, maxRetries: 0 });
      const error = await rejection(c.chat.completions.create(userChat('hi')));
      assert.ok(error instanceof RateLimitError, String(error));
      assert.equal(error.headers?.get('retry-after'), '3');
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code, signal] = (await within(exited, 5000, 'exit after SIGTERM')) as [number | null, string | null];
      assert.deepEqual([code, signal], [0, null]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
