import test from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseCli } from '../../../src/cli/args.js';
import { watchEval, type WatchCycle } from '../../../src/cli/commands/watch.js';
import { main } from '../../../src/cli/main.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';
import { until } from '../../support/until.js';

// eval --watch on a real temp workspace: a changed dataset row re-runs its prompt, and the cache
// answers every other row, so exactly one new request reaches the model.

const PROMPT = `name: Greeter
model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Greet {{name}}"
workbench:
  dataset: data/people.jsonl
evaluators:
  - name: says hello
    string:
      contains: hello
`;
const OTHER = PROMPT.replace('Greeter', 'Other').replace('data/people.jsonl', 'data/others.jsonl');
const rows = (names: string[]) => names.map((name) => JSON.stringify({ name })).join('\n');

test('eval --watch: changing one dataset row re-runs that prompt with exactly one new request', async () => {
  const ws = await tempWorkspace({
    'greet.prompt.yml': PROMPT,
    'other.prompt.yml': OTHER,
    'data/people.jsonl': rows(['Ada', 'Bob', 'Cy']),
    'data/others.jsonl': rows(['Dee']),
    '.git/HEAD': '',
  });
  const server = await startTestServer({ replies: [{ reply: 'hello {{input}}' }] });
  const controller = new AbortController();
  const cycles: WatchCycle[] = [];
  try {
    const io = captureIo(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
    const watching = watchEval(parseCli(['eval', '.', '--watch']), io, { signal: controller.signal, debounceMs: 50, onCycle: (c) => cycles.push(c) });
    await until(() => cycles.length === 1, 'the first run');
    assert.equal(cycles[0].requests, 4, 'both prompt files ran');
    assert.equal(server.requests.length, 4);

    await ws.write('data/people.jsonl', rows(['Ada', 'Bobby', 'Cy']));
    await until(() => cycles.length === 2, 'the re-run after the change');
    assert.deepEqual(cycles[1].files, ['greet.prompt.yml'], 'only the prompt that reads the dataset');
    assert.equal(cycles[1].requests, 1);
    assert.equal(cycles[1].cached, 2);
    assert.equal(server.requests.length, 5, 'exactly one new request');
    assert.equal((server.requests[4].body as { messages: Array<{ content: string }> }).messages.at(-1)!.content, 'Greet Bobby');
    assert.match(io.stdout, /data\/people\.jsonl changed → running greet\.prompt\.yml/);
    assert.match(io.stdout, /✓ 3\/3 results passed · 1 model call, 2 from the cache – watching for changes \(Ctrl\+C stops\)/);

    await ws.write('notes.txt', 'not read by any prompt');
    await sleep(400);
    assert.equal(cycles.length, 2, 'a file no prompt reads runs nothing');

    await ws.write('other.prompt.yml', OTHER.replace('Greet {{name}}', 'Hello {{name}}'));
    await until(() => cycles.length === 3, 'the re-run after the prompt changed');
    assert.deepEqual(cycles[2].files, ['other.prompt.yml']);
    assert.equal(cycles[2].requests, 1);

    controller.abort();
    assert.equal(await watching, 130);
  } finally {
    controller.abort();
    await server.close();
    await ws.remove();
  }
});

test('eval --watch refuses --json (a result per re-run is for people)', async () => {
  const io = captureIo('/', {});
  assert.equal(await main(['eval', '.', '--watch', '--json'], io), 2);
  assert.match(io.stderrText, /--watch prints a short result per re-run/);
});
