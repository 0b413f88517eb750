// Tools with mocked results, conversations (`_messages`), images (`_images`), streaming with time to
// first token, finish reasons and refusals: through prepare and the real runner, over loopback
// against the test server.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loopbackSettings, preparePrompt, runEval, type RunSettings } from './runnerSupport.js';
import { startTestServer, type ReplyRule } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const TOOLS_PROMPT = `model: openai/gpt-4o-mini
messages:
  - role: system
    content: You answer questions about the weather.
  - role: user
    content: "{{q}}"
testData:
  - _id: paris
    q: weather in Paris
    city: Paris
    _evaluators:
      - name: asked for the city
        toolCall:
          name: get_weather
          arguments:
            jsonPath: { path: $.city, equals: "{{city}}" }
  - _id: wrong-tool
    q: weather in Paris
    city: Paris
    _evaluators:
      - name: booked
        toolCall: { name: book_table }
  - _id: unmocked
    q: book a table for two
    city: none
workbench:
  tools:
    - type: function
      function:
        name: get_weather
        description: The weather in a city now.
        parameters: { type: object, properties: { city: { type: string } }, required: [city] }
    - type: function
      function:
        name: book_table
        parameters: { type: object, properties: { people: { type: integer } } }
  toolResults:
    get_weather: { city: "{{city}}", sky: sunny }
`;

const TOOL_RULES: ReplyRule[] = [
  { afterTool: 'sunny', reply: 'The sky is sunny ({{tool}}).' },
  { match: 'weather in Paris', reply: '', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
  { match: 'book a table', reply: '', toolCalls: [{ name: 'book_table', arguments: { people: 2 } }] },
];

async function run(
  files: Record<string, string | Uint8Array>,
  replies: ReplyRule[],
  options: { settings?: Partial<RunSettings>; server?: Parameters<typeof startTestServer>[0]; prompt?: string } = {},
) {
  const server = await startTestServer({ replies, ...options.server });
  const ws = await tempWorkspace(files);
  try {
    const prepared = await preparePrompt(ws.file(options.prompt ?? 'p.prompt.yml'), { workspaceRoot: ws.root });
    assert.deepEqual(
      prepared.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const record = await runEval({ parsed: prepared.parsed, cases: prepared.cases, datasets: prepared.datasets, workspaceRoot: ws.root }, loopbackSettings(server.url, ws.root, options.settings));
    const bodies = server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as Record<string, unknown> & { messages: Record<string, unknown>[] });
    return { record, bodies };
  } finally {
    await server.close();
    await ws.remove();
  }
}

const byId = (record: { results: { caseId: string }[] }, id: string) => record.results.find((r) => r.caseId === id)! as Awaited<ReturnType<typeof run>>['record']['results'][number];

test('a two-turn tool loop: the mocked result goes back, the output is the final message, the trajectory is recorded', async () => {
  const { record, bodies } = await run({ 'p.prompt.yml': TOOLS_PROMPT }, TOOL_RULES);
  const paris = byId(record, 'paris');
  assert.equal(paris.status, 'passed', paris.evaluations[0]?.reason);
  assert.equal(paris.output, 'The sky is sunny ({"city":"Paris","sky":"sunny"}).');
  assert.equal(paris.finishReason, 'stop');
  const trajectory = paris.trajectory!;
  assert.equal(trajectory.ended, 'answer');
  assert.equal(trajectory.requests, 2);
  assert.equal(trajectory.turns.length, 1);
  const [call] = trajectory.turns[0].calls;
  assert.equal(call.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.arguments), { city: 'Paris' });
  assert.equal(call.result, '{"city":"Paris","sky":"sunny"}');
  assert.equal(paris.attempts, 2, 'one attempt per request of the loop');
  assert.ok(paris.usage && paris.usage.inputTokens > 0);

  // What the server saw for this case: the tools offered both times; the second request carries the call and its result.
  const forParis = bodies.filter((b) => b.messages.some((m) => m.content === 'weather in Paris'));
  const second = forParis.find((b) => b.messages.length === 4)!;
  assert.ok(second, 'a second request with the call and its result');
  assert.equal((second.tools as unknown[]).length, 2);
  assert.deepEqual(
    second.messages.map((m) => m.role),
    ['system', 'user', 'assistant', 'tool'],
  );
  const sentCalls = second.messages[2].tool_calls as { id: string; function: { name: string } }[];
  assert.equal(sentCalls[0].function.name, 'get_weather');
  assert.equal(second.messages[3].tool_call_id, sentCalls[0].id);
  assert.equal(second.messages[3].content, '{"city":"Paris","sky":"sunny"}');
});

test('toolCall passes when the function was called with the arguments, fails when it was not called', async () => {
  const { record } = await run({ 'p.prompt.yml': TOOLS_PROMPT }, TOOL_RULES);
  assert.match(byId(record, 'paris').evaluations[0].reason, /^called get_weather\(\{"city":"Paris"\}\)$/);
  const wrong = byId(record, 'wrong-tool');
  assert.equal(wrong.status, 'failed');
  assert.equal(wrong.evaluations[0].reason, 'book_table was not called (called: get_weather)');
});

test('a call with no mock ends the case with that call as the output', async () => {
  const { record, bodies } = await run({ 'p.prompt.yml': TOOLS_PROMPT }, TOOL_RULES);
  const unmocked = byId(record, 'unmocked');
  assert.equal(unmocked.trajectory!.ended, 'unmocked-call');
  assert.equal(unmocked.trajectory!.requests, 1);
  assert.equal(unmocked.trajectory!.turns[0].calls[0].result, undefined);
  assert.equal(unmocked.output, 'book_table({"people":2})');
  assert.equal(unmocked.finishReason, 'tool_calls');
  assert.equal(bodies.filter((b) => b.messages.some((m) => m.content === 'book a table for two')).length, 1, 'no second request');
});

test('a row mock overrides the prompt one; maxTurns stops a model that keeps calling', async () => {
  const prompt = TOOLS_PROMPT.replace(
    '  - _id: wrong-tool',
    '  - _id: row-mock\n    q: weather in Paris\n    city: Paris\n    _toolResults: { get_weather: "rain in {{city}}" }\n  - _id: wrong-tool',
  ).concat('  maxTurns: 2\n');
  const rules: ReplyRule[] = [{ afterTool: 'rain', reply: '', toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }, ...TOOL_RULES];
  const { record } = await run({ 'p.prompt.yml': prompt }, rules);
  const row = byId(record, 'row-mock');
  assert.equal(row.trajectory!.turns[0].calls[0].result, 'rain in Paris');
  assert.equal(row.trajectory!.ended, 'max-turns');
  assert.equal(row.trajectory!.requests, 2);
  assert.equal(row.output, 'get_weather({"city":"Paris"})');
});

test("_messages become real messages after the leading system message and before the prompt's others, from inline rows and JSONL", async () => {
  const prompt = `model: openai/gpt-4o-mini
messages:
  - role: system
    content: Be brief.
  - role: user
    content: "{{q}}"
testData:
  - _id: inline
    q: and in Lyon?
    _messages:
      - { role: user, content: Weather in Paris? }
      - { role: assistant, content: Sunny. }
workbench:
  dataset: rows.jsonl
`;
  const jsonl = `${JSON.stringify({
    _id: 'jsonl',
    q: 'thanks',
    _messages: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ],
  })}\n`;
  const { record, bodies } = await run({ 'p.prompt.yml': prompt, 'rows.jsonl': jsonl }, []);
  const sent = (q: string) => bodies.find((b) => b.messages.at(-1)!.content === q)!.messages.map((m) => [m.role, m.content]);
  assert.deepEqual(sent('and in Lyon?'), [
    ['system', 'Be brief.'],
    ['user', 'Weather in Paris?'],
    ['assistant', 'Sunny.'],
    ['user', 'and in Lyon?'],
  ]);
  assert.deepEqual(sent('thanks'), [
    ['system', 'Be brief.'],
    ['user', 'hi'],
    ['assistant', 'hello'],
    ['user', 'thanks'],
  ]);
  const inline = record.cases.find((c) => c.id === 'inline')!;
  assert.deepEqual(inline.turns, [
    { role: 'user', content: 'Weather in Paris?' },
    { role: 'assistant', content: 'Sunny.' },
  ]);
  assert.equal(byId(record, 'inline').messages.length, 4);
});

test('_images: a local file goes as one image_url data URL part on the last user message; the record keeps the path', async () => {
  const prompt = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: "What is in this picture?"
testData:
  - _id: pic
    _images: img/dot.png
`;
  const { record, bodies } = await run({ 'p.prompt.yml': prompt, 'img/dot.png': PNG }, []);
  const content = bodies[0].messages[0].content as { type: string; text?: string; image_url?: { url: string } }[];
  assert.equal(content.length, 2);
  assert.deepEqual(content[0], { type: 'text', text: 'What is in this picture?' });
  assert.equal(content[1].type, 'image_url');
  assert.equal(content[1].image_url!.url, `data:image/png;base64,${PNG.toString('base64')}`);
  assert.deepEqual(record.cases[0].images, ['img/dot.png']);
  assert.equal(JSON.stringify(record).includes(PNG.toString('base64')), false, 'the bytes stay out of the record');
  assert.equal(byId(record, 'pic').status, 'passed');
});

test('_images: a path outside the workspace is refused with a positioned error and nothing is sent', async () => {
  const outside = await tempWorkspace({ 'secret.png': PNG });
  // A sibling temp folder: reachable as ../<its name>/secret.png, outside this workspace.
  const ref = `../${path.basename(outside.root)}/secret.png`;
  const ws = await tempWorkspace({ 'p.prompt.yml': `model: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: hi\ntestData:\n  - _id: leak\n    _images: [${JSON.stringify(ref)}]\n` });
  try {
    const prepared = await preparePrompt(ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
    const errors = prepared.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(prepared.diagnostics));
    assert.equal(errors[0].code, 'dataset/image');
    assert.match(errors[0].message, /_images: image "\.\.\/.*secret\.png" is refused: .*outside/);
    assert.equal(errors[0].range.start.line, 5);
  } finally {
    await ws.remove();
    await outside.remove();
  }
});

test('--stream records time to first token per result and p50/p95 in the summary; maxTtftMs checks it', async () => {
  const prompt = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: "{{q}}"
testData:
  - { _id: a, q: first question with several words }
  - { _id: b, q: second question with several words }
workbench:
  evaluators:
    - name: fast start
      maxTtftMs: 5000
`;
  const { record, bodies } = await run({ 'p.prompt.yml': prompt }, [], { settings: { stream: true }, server: { chunkDelayMs: 40 } });
  assert.ok(bodies.every((b) => b.stream === true));
  for (const r of record.results) {
    assert.equal(r.status, 'passed', r.evaluations[0]?.reason);
    assert.equal(typeof r.ttftMs, 'number');
    assert.ok(r.ttftMs! < r.latencyMs, `time to first token ${r.ttftMs} ms comes before the whole answer (${r.latencyMs} ms)`);
    assert.match(r.evaluations[0].reason, /ms to first token ≤ limit 5000 ms to first token/);
  }
  const summary = record.summary.byModel['openai/gpt-4o-mini'];
  assert.ok(summary.ttftMs && summary.ttftMs.p50 <= summary.ttftMs.p95);
});

test('without streaming there is no time to first token, and maxTtftMs says why', async () => {
  const prompt = `model: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: hi\ntestData:\n  - _id: a\nworkbench:\n  evaluators:\n    - name: fast start\n      maxTtftMs: 5000\n`;
  const { record } = await run({ 'p.prompt.yml': prompt }, []);
  const r = record.results[0];
  assert.equal(r.ttftMs, undefined);
  assert.equal(r.status, 'errored');
  assert.match(r.evaluations[0].reason, /not streamed/);
  assert.equal(record.summary.byModel['openai/gpt-4o-mini'].ttftMs, undefined);
});

test('finishReason fails on a truncated answer (length), streamed or not; a refusal is recorded apart from the output', async () => {
  const prompt = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: "{{q}}"
testData:
  - { _id: long, q: tell me everything }
  - { _id: short, q: tell me one thing }
  - { _id: refuse, q: something harmful }
workbench:
  evaluators:
    - name: complete
      finishReason: stop
`;
  const rules: ReplyRule[] = [
    { match: 'everything', reply: 'Once upon a time there was', finishReason: 'length' },
    { match: 'harmful', reply: "I can't help with that.", refusal: true },
  ];
  for (const stream of [false, true]) {
    const { record } = await run({ 'p.prompt.yml': prompt }, rules, { settings: { stream } });
    const long = byId(record, 'long');
    assert.equal(long.finishReason, 'length');
    assert.equal(long.status, 'failed');
    assert.equal(long.evaluations[0].reason, 'finished with length (truncated: the answer hit maxTokens), expected stop');
    assert.equal(byId(record, 'short').status, 'passed');
    const refused = byId(record, 'refuse');
    assert.equal(refused.refusal, "I can't help with that.");
    assert.equal(refused.output, '');
  }
});

test('a streamed tool loop puts the calls together from their deltas', async () => {
  const { record } = await run({ 'p.prompt.yml': TOOLS_PROMPT }, TOOL_RULES, { settings: { stream: true } });
  const paris = byId(record, 'paris');
  assert.equal(paris.status, 'passed', paris.evaluations[0]?.reason);
  assert.equal(paris.output, 'The sky is sunny ({"city":"Paris","sky":"sunny"}).');
  assert.deepEqual(JSON.parse(paris.trajectory!.turns[0].calls[0].arguments), { city: 'Paris' });
  assert.equal(typeof paris.ttftMs, 'number');
});

test('a forcing toolChoice applies to the first request only, so the loop can end with an answer', async () => {
  const prompt = TOOLS_PROMPT.replace('  toolResults:', '  toolChoice: get_weather\n  toolResults:');
  const { record, bodies } = await run({ 'p.prompt.yml': prompt }, TOOL_RULES);
  assert.equal(byId(record, 'paris').trajectory!.ended, 'answer');
  const forParis = bodies.filter((b) => b.messages.some((m) => m.content === 'weather in Paris'));
  assert.deepEqual(forParis.find((b) => b.messages.length === 2)!.tool_choice, { type: 'function', function: { name: 'get_weather' } });
  assert.equal(forParis.find((b) => b.messages.length === 4)!.tool_choice, 'auto');
});
