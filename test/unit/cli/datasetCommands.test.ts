import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { main } from '../../../src/cli/main.js';
import { parseDatasetText } from '../../../src/core/index.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const PROMPT = `name: Summariser
model: openai/gpt-4o-mini
messages:
  - role: system
    content: Summarise in {{lang}}.
  - role: user
    content: |-
      <doc>{{doc}}</doc>
      Max {{words}} words.
testData:
  # hand-written
  - lang: English
    doc: hello
    words: "5"
`;

const call = (lang: string, doc: string, words: string) => ({
  messages: [
    { role: 'system', content: `Summarise in ${lang}.` },
    { role: 'user', content: `<doc>${doc}</doc>\nMax ${words} words.` },
  ],
});

const LOG = [
  JSON.stringify({ request: call('French', 'Un\ndeux', '10'), response: { choices: [{ message: { content: 'Un deux.' } }] } }),
  JSON.stringify(call('English', 'hello', '5')),
  JSON.stringify({ messages: [{ role: 'user', content: 'unrelated' }] }),
  JSON.stringify(call('German', 'eins', '3')),
].join('\n');

test('import: rows into a new CSV and then appended; lines matching no template reported with their line; no id twice', async () => {
  const ws = await tempWorkspace({ 's.prompt.yml': PROMPT, 'log.jsonl': LOG });
  try {
    const io = captureIo(ws.root, {});
    assert.equal(await main(['import', 'log.jsonl', '--prompt', 's.prompt.yml', '-o', 'rows.csv', '--with-expected'], io), 0, io.stderrText);
    assert.match(io.stderrText, /log\.jsonl:3: skipped: 1 message, the prompt has 2/);
    assert.match(io.stdout, /Imported 3 rows into rows\.csv \(4 calls read, 3 matched the prompt, 1 skipped\)/);
    const rows = parseDatasetText(await readFile(ws.file('rows.csv'), 'utf8'), 'rows.csv').rows.map((r) => r.value);
    assert.deepEqual(rows[0], { lang: 'French', doc: 'Un\ndeux', words: '10', expected: 'Un deux.' });
    assert.equal(rows.length, 3);

    const again = captureIo(ws.root, {});
    assert.equal(await main(['import', 'log.jsonl', '--prompt', 's.prompt.yml', '-o', 'rows.csv'], again), 0);
    assert.match(again.stdout, /Imported 0 rows .*3 duplicates left out/);

    const inline = captureIo(ws.root, {});
    assert.equal(await main(['import', 'log.jsonl', '--prompt', 's.prompt.yml', '-o', 's.prompt.yml', '--json'], inline), 0);
    const report = JSON.parse(inline.stdout) as { rows: unknown[]; duplicates: number };
    assert.equal(report.rows.length, 2, 'the English row is already in testData');
    assert.equal(report.duplicates, 1);
    const prompt = await readFile(ws.file('s.prompt.yml'), 'utf8');
    assert.ok(prompt.startsWith(PROMPT), 'the prompt file only grows');
    assert.match(prompt, /# hand-written/);
  } finally {
    await ws.remove();
  }
});

test('import: missing flags and an unmatched template are usage errors with a reason', async () => {
  const ws = await tempWorkspace({ 'p.prompt.yml': 'model: openai/x\nmessages:\n  - role: user\n    content: "{{a}}{{b}}"\n', 'log.jsonl': '{}\n' });
  try {
    const noPrompt = captureIo(ws.root, {});
    assert.equal(await main(['import', 'log.jsonl', '-o', 'x.jsonl'], noPrompt), 2);
    assert.match(noPrompt.stderrText, /import needs --prompt/);
    const adjacent = captureIo(ws.root, {});
    assert.equal(await main(['import', 'log.jsonl', '--prompt', 'p.prompt.yml', '-o', 'x.jsonl'], adjacent), 2);
    assert.match(adjacent.stderrText, /\{\{a\}\}\{\{b\}\} with no text between them/);
  } finally {
    await ws.remove();
  }
});

test('generate: rows from the model that fill the variables are appended with fresh _ids; the rest are named', async () => {
  const reply = JSON.stringify({
    rows: [
      { lang: 'Welsh', doc: 'Bore da', words: '2' },
      { lang: 'English', doc: 'hello', words: '5' },
      { lang: 'Irish', doc: 'Dia duit' },
      { lang: 'Basque', doc: 'Kaixo', words: '1', expected: 'Kaixo.' },
      { lang: 'Welsh', doc: 'Bore da', words: '2', extra: 'x' },
    ],
  });
  const server = await startTestServer({ replies: [{ match: 'Write 3 new rows', reply }] });
  const ws = await tempWorkspace({
    's.prompt.yml': PROMPT.replace('testData:', 'workbench:\n  dataset: rows.yaml\ntestData:'),
    'rows.yaml': '# generated and hand-written\n- _id: generated-1\n  lang: Dutch\n  doc: hoi\n  words: "1"\n',
  });
  try {
    const io = captureIo(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
    assert.equal(await main(['generate', 's.prompt.yml', '--count', '3'], io), 0, io.stderrText);
    assert.match(io.stdout, /Added 2 rows from openai\/gpt-4o-mini to rows\.yaml \(asked for 3\)/);
    assert.match(io.stderrText, /row 2 repeats a row/);
    assert.match(io.stderrText, /row 3 does not fill \{\{words\}\} with text/);
    assert.match(io.stderrText, /row 5 has keys the prompt does not use: extra/);
    const rows = parseDatasetText(await readFile(ws.file('rows.yaml'), 'utf8'), 'rows.yaml').rows.map((r) => r.value);
    assert.deepEqual(rows.slice(1), [
      { _id: 'generated-2', lang: 'Welsh', doc: 'Bore da', words: '2' },
      { _id: 'generated-3', lang: 'Basque', doc: 'Kaixo', words: '1', expected: 'Kaixo.' },
    ]);
    const sent = server.requests.find((r) => r.path.endsWith('/chat/completions'))!.body as { messages: Array<{ content: string }>; response_format?: unknown };
    assert.match(sent.messages[1].content, /<doc>\{\{doc\}\}<\/doc>/);
    assert.deepEqual(sent.response_format, { type: 'json_object' });
  } finally {
    await ws.remove();
    await server.close();
  }
});

test('--help lists import and generate with their flags', async () => {
  const io = captureIo('/', {});
  assert.equal(await main(['--help'], io), 0);
  for (const text of [
    'prompt-workbench import <log> --prompt',
    'prompt-workbench generate <file.prompt.yml> --count',
    '--with-expected',
    '--sample <n>',
    '--seed <n>',
    '--count <n>',
    '--model <model>',
    'OpenTelemetry GenAI',
  ])
    assert.ok(io.stdout.includes(text), text);
  const bad = captureIo('/', {});
  assert.equal(await main(['generate', 'x.prompt.yml', '--count', '0'], bad), 2);
  assert.match(bad.stderrText, /--count must be a whole number ≥ 1/);
});
