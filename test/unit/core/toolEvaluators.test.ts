// toolCall, noToolCall, toolCalls (f1 / exact / inOrder) and finishReason without a model; and what
// the parser says about tool settings and the reserved row keys.
import test from 'node:test';
import assert from 'node:assert/strict';
import { evaluatorSchema, runEvaluator } from '../../../src/core/evaluators/registry.js';
import { parseOutputJson } from '../../../src/core/evaluators/outputJson.js';
import type { EvalContext } from '../../../src/core/evaluators/types.js';
import type { ToolCallStep } from '../../../src/core/tools/trajectory.js';
import { parsePromptFile, preparePromptText } from '../../../src/core/index.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const call = (name: string, args: unknown, id = name): ToolCallStep => ({ id, name, arguments: typeof args === 'string' ? args : JSON.stringify(args) });

function ctx(toolCalls: ToolCallStep[] | undefined, extra: Partial<EvalContext> = {}): EvalContext {
  return {
    output: '',
    json: parseOutputJson(''),
    vars: { city: 'Paris', n: '2' },
    metrics: { costUsd: 0, latencyMs: 10, inputTokens: 10, outputTokens: 5 },
    judgeModel: 'openai/judge',
    judge: async () => {
      throw new Error('no judge in this test');
    },
    ...(toolCalls ? { toolCalls } : {}),
    ...extra,
  };
}

async function run(body: Record<string, unknown>, context: EvalContext) {
  const parsed = evaluatorSchema.safeParse({ name: 'e', ...body });
  assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
  return runEvaluator(parsed.data, context);
}

test('toolCall: equals (templated, "2" matching 2), jsonPath, jsonSchema; arguments that are not JSON', async () => {
  const calls = [call('search', { q: 'x' }), call('get_weather', { city: 'Paris', days: 2 })];
  assert.equal((await run({ toolCall: { name: 'get_weather', arguments: { equals: { city: '{{city}}', days: '{{n}}' } } } }, ctx(calls))).passed, true);
  const wrong = await run({ toolCall: { name: 'get_weather', arguments: { jsonPath: { path: '$.city', equals: 'Rome' } } } }, ctx(calls));
  assert.equal(wrong.passed, false);
  assert.equal(wrong.reason, 'get_weather: $.city = "Paris", expected "Rome"');
  const schema = await run({ toolCall: { name: 'get_weather', arguments: { jsonSchema: { type: 'object', required: ['country'] } } } }, ctx(calls));
  assert.equal(schema.reason, 'get_weather: arguments $ missing required property "country"');
  const broken = await run({ toolCall: { name: 'get_weather', arguments: { equals: {} } } }, ctx([call('get_weather', '{"city": ')]));
  assert.match(broken.reason, /get_weather's arguments are not JSON/);
  assert.equal((await run({ toolCall: { name: 'get_weather' } }, ctx(undefined))).reason, 'get_weather was not called (no tool calls)');
  assert.equal(evaluatorSchema.safeParse({ name: 'e', toolCall: { name: 'x', arguments: {} } }).success, false, 'arguments needs a check');
});

test('noToolCall passes only without calls', async () => {
  assert.equal((await run({ noToolCall: true }, ctx(undefined))).passed, true);
  const called = await run({ noToolCall: true }, ctx([call('search', { q: 'x' })]));
  assert.equal(called.passed, false);
  assert.equal(called.reason, 'called search({"q":"x"})');
});

test('toolCalls: f1 with minScore, exact order and count, inOrder with calls between', async () => {
  const calls = [call('search', { q: 'flights' }), call('weather', {}), call('book', { seat: '1A' })];
  const expected = [{ name: 'search' }, { name: 'book', arguments: { jsonPath: { path: '$.seat', exists: true } } }];
  const f1 = await run({ toolCalls: { expected } }, ctx(calls));
  assert.equal(f1.passed, false);
  assert.equal(f1.score?.toFixed(3), '0.800');
  assert.equal(f1.reason, 'F1 0.80 (2 of 2 expected calls matched, 3 made), below 1');
  assert.equal((await run({ toolCalls: { expected, minScore: 0.8 } }, ctx(calls))).passed, true);
  const exact = await run({ toolCalls: { expected, mode: 'exact' } }, ctx(calls));
  assert.equal(exact.reason, '3 calls made, 2 expected');
  assert.equal((await run({ toolCalls: { expected, mode: 'inOrder' } }, ctx(calls))).passed, true);
  const reversed = await run({ toolCalls: { expected: [{ name: 'book' }, { name: 'search' }], mode: 'inOrder' } }, ctx(calls));
  assert.equal(reversed.passed, false);
  assert.match(reversed.reason, /expected call 2 \(search\) not found after the previous one/);
  assert.equal((await run({ toolCalls: { expected: [], mode: 'exact' } }, ctx(undefined))).passed, true, 'no calls expected, none made');
});

test('finishReason: one reason or a list; a truncated answer says so; none reported fails', async () => {
  assert.equal((await run({ finishReason: 'stop' }, ctx(undefined, { finishReason: 'stop' }))).passed, true);
  assert.equal((await run({ finishReason: ['stop', 'tool_calls'] }, ctx(undefined, { finishReason: 'tool_calls' }))).passed, true);
  assert.equal((await run({ finishReason: 'stop' }, ctx(undefined, { finishReason: 'length' }))).reason, 'finished with length (truncated: the answer hit maxTokens), expected stop');
  assert.equal((await run({ finishReason: 'stop' }, ctx(undefined))).reason, 'the provider reported no finish reason');
});

test('the parser: toolChoice naming no tool, a mock for no tool, a duplicate name, a bad tool name', () => {
  const text = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: hi
workbench:
  tools:
    - type: function
      function: { name: get_weather }
    - type: function
      function: { name: get_weather }
  toolChoice: get_wether
  toolResults:
    get_time: "12:00"
`;
  const { diagnostics } = parsePromptFile(text, '/w/p.prompt.yml');
  const byCode = (code: string) => diagnostics.find((d) => d.code === code)!;
  assert.equal(byCode('tools/duplicate').message, 'the tool "get_weather" is defined twice');
  assert.equal(byCode('tools/duplicate').range.start.line, 9);
  assert.match(byCode('tools/unknown-choice').message, /toolChoice "get_wether" is not one of the tools \(get_weather, get_weather\) – did you mean "get_weather"\?/);
  assert.equal(byCode('tools/unknown-mock').severity, 'warning');
  const badName = parsePromptFile(text.replace('function: { name: get_weather }\n    - type', 'function: { name: "get weather" }\n    - type'), '/w/p.prompt.yml');
  assert.ok(badName.diagnostics.some((d) => d.severity === 'error' && /letters, digits/.test(d.message) && d.range.start.line === 7));
});

test('a tools file is read relative to the prompt; a missing one is an error on workbench.tools', async () => {
  const ws = await tempWorkspace({
    'tools/weather.json': JSON.stringify([{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }]),
  });
  try {
    const prompt = (tools: string) => `model: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: hi\nworkbench:\n  tools: ${tools}\n  toolChoice: get_weather\n`;
    const ok = await preparePromptText(prompt('tools/weather.json'), ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
    assert.deepEqual(
      ok.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.equal(ok.parsed.prompt!.tools![0].function.name, 'get_weather');
    const missing = await preparePromptText(prompt('tools/nope.json'), ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
    const error = missing.diagnostics.find((d) => d.code === 'tools/unreadable')!;
    assert.equal(error.message, 'tools file "tools/nope.json" does not exist');
    assert.equal(error.range.start.line, 5);
  } finally {
    await ws.remove();
  }
});

test('_messages and _images are checked on the row: a bad role, a non-https URL', async () => {
  const text = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: hi
testData:
  - _id: bad-role
    _messages: [{ role: robot, content: beep }]
  - _id: bad-url
    _images: ["http://example.com/a.png"]
`;
  const prepared = await preparePromptText(text, '/w/p.prompt.yml', { workspaceRoot: '/w' });
  const errors = prepared.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 2, JSON.stringify(errors));
  assert.match(errors[0].message, /^testData\[0\]: _messages\[0\]\.role must be one of system, user, assistant/);
  assert.match(errors[1].message, /^testData\[1\]: _images\[0\] must be a local path or an https: URL/);
});
