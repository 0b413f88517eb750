// The CLI with tools, truncated answers and --stream: the failure list prints the calls and their
// mocked results compactly and says when an answer was cut off; --stream adds time to first token
// to the table and the --json summary.
import test from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const PROMPT = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: "{{q}}"
testData:
  - { _id: weather, q: weather in Oslo }
  - { _id: essay, q: write an essay }
workbench:
  tools:
    - type: function
      function:
        name: get_weather
        parameters: { type: object, properties: { city: { type: string } } }
  toolResults:
    get_weather: "rain"
  evaluators:
    - name: no tools
      noToolCall: true
    - name: complete
      finishReason: stop
`;

async function withWorkspace(fn: (root: string, env: NodeJS.ProcessEnv) => Promise<void>): Promise<void> {
  const server = await startTestServer({
    replies: [
      { afterTool: 'rain', reply: 'Take an umbrella.' },
      { match: 'weather', reply: '', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] },
      { match: 'essay', reply: 'It was a dark and', finishReason: 'length' },
    ],
    chunkDelayMs: 20,
  });
  const ws = await tempWorkspace({ 'w.prompt.yml': PROMPT, '.git/HEAD': '' });
  try {
    await fn(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
  } finally {
    await server.close();
    await ws.remove();
  }
}

test('the failure list shows tool calls with their mocked results and marks a truncated answer', async () => {
  await withWorkspace(async (root, env) => {
    const io = captureIo(root, env);
    assert.equal(await main(['eval', 'w.prompt.yml', '--no-record', '--no-cache'], io), 1, io.stderrText);
    assert.match(io.stdout, /no tools: called get_weather\(\{"city":"Oslo"\}\)\n {4}tools: get_weather\(\{"city":"Oslo"\}\) → rain\n {4}tools: then answered \(2 requests\)/);
    assert.match(io.stdout, /complete: finished with length \(truncated: the answer hit maxTokens\), expected stop\n {4}truncated: the answer hit maxTokens \(finish_reason: length\)/);
    assert.doesNotMatch(io.stdout, /ttft/, 'no time-to-first-token columns without streaming');
  });
});

test('--stream: time to first token in the table and the --json summary', async () => {
  await withWorkspace(async (root, env) => {
    const table = captureIo(root, env);
    await main(['eval', 'w.prompt.yml', '--no-record', '--no-cache', '--stream'], table);
    assert.match(table.stdout, /ttft p50 +ttft p95/);
    const json = captureIo(root, env);
    await main(['eval', 'w.prompt.yml', '--no-record', '--no-cache', '--stream', '--json'], json);
    const report = JSON.parse(json.stdout) as {
      runs: { summary: { byModel: Record<string, { ttftMs?: { p50: number; p95: number } }> }; failures: { finishReason: string; trajectory?: unknown }[] }[];
    };
    const ttft = report.runs[0].summary.byModel['openai/gpt-4o-mini'].ttftMs!;
    assert.ok(ttft.p50 >= 0 && ttft.p50 <= ttft.p95);
    assert.deepEqual(report.runs[0].failures.map((f) => f.finishReason).sort(), ['length', 'stop']);
    assert.ok(report.runs[0].failures.some((f) => f.trajectory));
  });
});

test('eval reads a tools file; an image outside the workspace is an error on its case, and nothing is sent for it', async () => {
  const server = await startTestServer({ replies: [{ match: 'weather', reply: '', toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] }] });
  const outside = await tempWorkspace({ 'secret.png': Buffer.from('not really a png') });
  const prompt = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: "{{q}}"
testData:
  - { _id: weather, q: weather in Oslo }
  - { _id: leak, q: describe, _images: [${JSON.stringify(outside.file('secret.png'))}] }
workbench:
  tools: tools/weather.yaml
  evaluators:
    - name: called
      toolCall: { name: get_weather }
`;
  const ws = await tempWorkspace({ 'w.prompt.yml': prompt, 'tools/weather.yaml': '- type: function\n  function: { name: get_weather }\n', '.git/HEAD': '' });
  try {
    const io = captureIo(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
    assert.equal(await main(['eval', 'w.prompt.yml', '--no-record', '--no-cache'], io), 1, io.stderrText);
    assert.match(io.stdout, /! w\.prompt\.yml:7 {2}leak {2}\[openai\/gpt-4o-mini\]\n {4}config: image ".*secret\.png" is refused: .*outside/);
    assert.doesNotMatch(io.stdout, /weather {2}\[/, 'the tools file was read: the weather case called get_weather and passed');
    const sent = server.requests.filter((r) => r.path === '/v1/chat/completions');
    assert.equal(sent.length, 1, 'only the weather case reached the server');
    assert.equal((sent[0].body as { tools: { function: { name: string } }[] }).tools[0].function.name, 'get_weather');
  } finally {
    await server.close();
    await ws.remove();
    await outside.remove();
  }
});

test('estimate reads image sizes from streamed rows for the tile rule', async () => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  const prompt = 'model: openai/gpt-4o\nmessages:\n  - role: user\n    content: "What is this?"\nworkbench:\n  dataset: rows.jsonl\n';
  const ws = await tempWorkspace({ 'i.prompt.yml': prompt, 'rows.jsonl': '{"_id":"dot","_images":["dot.png"]}\n', 'dot.png': png, '.git/HEAD': '' });
  try {
    const io = captureIo(ws.root, {});
    assert.equal(await main(['estimate', 'i.prompt.yml', '--json'], io), 0, io.stderrText);
    assert.match(io.stdout, /"imageTokensPerCase": 255,/, '1×1 → one 512-px tile: 85 + 170');
  } finally {
    await ws.remove();
  }
});
