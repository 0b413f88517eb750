import test from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate, recoverVars, splitMessage } from '../../../../src/core/importLog/templateMatch.js';
import { importRows, rowKey, seededSample } from '../../../../src/core/index.js';
import type { ChatMessage } from '../../../../src/core/chat.js';
import { tempWorkspace } from '../../../support/tempWorkspace.js';

const MESSAGES: ChatMessage[] = [
  { role: 'system', content: 'You translate into {{lang}}.' },
  { role: 'user', content: 'Text: {{text}}\nTone: {{tone}}' },
];

const chat = (lang: string, text: string, tone: string) => [
  { role: 'system', content: `You translate into ${lang}.` },
  { role: 'user', content: `Text: ${text}\nTone: ${tone}` },
];

test('template: multi-line values and variables next to each other split at the fixed text between them', () => {
  const compiled = compileTemplate(MESSAGES);
  assert.ok(compiled.ok);
  const recovered = recoverVars(compiled.template, chat('German', 'line one\nline two\n\nline four', 'formal, dry'));
  assert.deepEqual(recovered, { ok: true, vars: { lang: 'German', text: 'line one\nline two\n\nline four', tone: 'formal, dry' } });
  assert.deepEqual(splitMessage({ pieces: ['', '-', ''], holes: ['a', 'b'] }, 'x-y'), { ok: true, values: ['x', 'y'] });
});

test('template: {{a}}{{b}} with nothing between is refused with the message named', () => {
  const compiled = compileTemplate([{ role: 'user', content: '{{first}}{{second}}' }]);
  assert.equal(compiled.ok, false);
  assert.match(!compiled.ok ? compiled.error : '', /message 1 \(user\) has \{\{first\}\}\{\{second\}\}/);
});

test('template: a separator that occurs inside a value is reported as ambiguous, not guessed', () => {
  const result = splitMessage({ pieces: ['', ' / ', ''], holes: ['a', 'b'] }, 'x / y / z');
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.reason : '', /ambiguous/);
});

test('template: a variable used twice must have one value; a different role or count does not match', () => {
  const compiled = compileTemplate([
    { role: 'system', content: 'Be {{tone}}.' },
    { role: 'user', content: '{{q}} ({{tone}})' },
  ]);
  assert.ok(compiled.ok);
  assert.deepEqual(
    recoverVars(compiled.template, [
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'Why? (kind)' },
    ]),
    { ok: true, vars: { tone: 'kind', q: 'Why?' } },
  );
  assert.equal(
    recoverVars(compiled.template, [
      { role: 'system', content: 'Be kind.' },
      { role: 'user', content: 'Why? (rude)' },
    ]).ok,
    false,
  );
  assert.match(JSON.stringify(recoverVars(compiled.template, [{ role: 'user', content: 'x' }])), /1 message, the prompt has 2/);
  assert.match(
    JSON.stringify(
      recoverVars(compiled.template, [
        { role: 'user', content: 'Be kind.' },
        { role: 'user', content: 'x (kind)' },
      ]),
    ),
    /is a user message in the log/,
  );
});

const LOG = [
  JSON.stringify({ model: 'gpt-4o', messages: chat('German', 'line one\nline two', 'formal') }),
  '',
  JSON.stringify({ request: { messages: chat('Spanish', 'hola', 'casual') }, response: { choices: [{ message: { role: 'assistant', content: 'Hola' } }] } }),
  JSON.stringify({ messages: [{ role: 'user', content: 'something else' }] }),
  'not json at all',
  JSON.stringify({ model: 'gpt-4o', messages: chat('German', 'line one\nline two', 'formal') }),
  JSON.stringify({ request: { messages: chat('French', 'oui', 'warm') }, response: 'Oui' }),
  JSON.stringify({
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'You translate into Italian.' }] },
      { role: 'user', content: 'Text: ciao\nTone: warm' },
    ],
  }),
].join('\n');

test('import: JSON Lines of requests and {request, response} pairs; non-matching lines skipped with their line; duplicates once', async () => {
  const ws = await tempWorkspace({ 'log.jsonl': LOG });
  try {
    const imported = await importRows(ws.file('log.jsonl'), MESSAGES, { withExpected: true });
    assert.ok(imported.ok);
    const { report } = imported;
    assert.deepEqual(report.rows, [
      { lang: 'German', text: 'line one\nline two', tone: 'formal' },
      { lang: 'Spanish', text: 'hola', tone: 'casual', expected: 'Hola' },
      { lang: 'French', text: 'oui', tone: 'warm', expected: 'Oui' },
      { lang: 'Italian', text: 'ciao', tone: 'warm' },
    ]);
    assert.equal(report.duplicates, 1);
    assert.deepEqual(
      report.skipped.map((s) => s.line),
      [4, 5],
    );
    assert.match(report.skipped[0].reason, /1 message, the prompt has 2/);
    assert.match(report.skipped[1].reason, /not valid JSON/);
    const without = await importRows(ws.file('log.jsonl'), MESSAGES);
    assert.ok(without.ok);
    assert.ok(without.report.rows.every((row) => !('expected' in row)));
  } finally {
    await ws.remove();
  }
});

const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

test('import: OpenTelemetry GenAI spans – input/output messages with parts, gen_ai.prompt JSON, flattened attributes, message events; other spans ignored', async () => {
  const spans = [
    {
      spanId: 'a1',
      name: 'chat gpt-4o',
      attributes: [
        attr('gen_ai.operation.name', 'chat'),
        attr('gen_ai.system_instructions', JSON.stringify([{ type: 'text', content: 'You translate into Dutch.' }])),
        attr('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Text: a\nb\nTone: plain' }] }])),
        attr('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'A\nB' }] }])),
      ],
    },
    { spanId: 'b2', name: 'GET /health', attributes: [attr('http.method', 'GET')] },
    {
      spanId: 'c3',
      name: 'chat',
      attributes: [attr('gen_ai.prompt', JSON.stringify(chat('Polish', 'tak', 'short'))), attr('gen_ai.completion', JSON.stringify([{ role: 'assistant', content: 'Tak' }]))],
    },
    {
      spanId: 'd4',
      name: 'chat',
      attributes: [
        attr('gen_ai.prompt.0.role', 'system'),
        attr('gen_ai.prompt.0.content', 'You translate into Czech.'),
        attr('gen_ai.prompt.1.role', 'user'),
        attr('gen_ai.prompt.1.content', 'Text: ano\nTone: dry'),
        attr('gen_ai.completion.0.content', 'Ano'),
      ],
    },
    {
      spanId: 'e5',
      name: 'chat',
      attributes: [attr('gen_ai.system', 'openai')],
      events: [
        { name: 'gen_ai.system.message', attributes: [attr('content', 'You translate into Greek.')] },
        { name: 'gen_ai.user.message', attributes: [attr('content', 'Text: nai\nTone: warm')] },
        { name: 'gen_ai.choice', attributes: [attr('gen_ai.event.content', JSON.stringify({ index: 0, message: { content: 'Nai' } }))] },
      ],
    },
    {
      spanId: 'f6',
      name: 'chat',
      attributes: [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'unrelated' }] }]))],
    },
    { spanId: 'g7', name: 'embeddings', attributes: [attr('gen_ai.operation.name', 'embeddings')] },
  ];
  const ws = await tempWorkspace({ 'traces.jsonl': `${JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ scope: { name: 'x' }, spans }] }] })}\n` });
  try {
    const imported = await importRows(ws.file('traces.jsonl'), MESSAGES, { withExpected: true });
    assert.ok(imported.ok);
    assert.deepEqual(imported.report.rows, [
      { lang: 'Dutch', text: 'a\nb', tone: 'plain', expected: 'A\nB' },
      { lang: 'Polish', text: 'tak', tone: 'short', expected: 'Tak' },
      { lang: 'Czech', text: 'ano', tone: 'dry', expected: 'Ano' },
      { lang: 'Greek', text: 'nai', tone: 'warm', expected: 'Nai' },
    ]);
    assert.equal(imported.report.ignored, 2);
    assert.equal(imported.report.skipped.length, 1);
    assert.equal(imported.report.skipped[0].where, 'span f6 (chat)');
  } finally {
    await ws.remove();
  }
});

test('import: OTLP log records of GenAI events are grouped by span into calls', async () => {
  const record = (spanId: string, eventName: string, body: unknown) => ({
    spanId,
    eventName,
    body: { kvlistValue: { values: Object.entries(body as Record<string, string>).map(([key, value]) => ({ key, value: { stringValue: value } })) } },
  });
  const doc = {
    resourceLogs: [
      {
        scopeLogs: [
          {
            logRecords: [
              record('s1', 'gen_ai.system.message', { content: 'You translate into Welsh.' }),
              record('s2', 'gen_ai.system.message', { content: 'You translate into Irish.' }),
              record('s1', 'gen_ai.user.message', { content: 'Text: ie\nTone: calm' }),
              record('s2', 'gen_ai.user.message', { content: 'Text: sea\nTone: calm' }),
            ],
          },
        ],
      },
    ],
  };
  const ws = await tempWorkspace({ 'logs.jsonl': `${JSON.stringify(doc)}\n` });
  try {
    const imported = await importRows(ws.file('logs.jsonl'), MESSAGES);
    assert.ok(imported.ok);
    assert.deepEqual(imported.report.rows, [
      { lang: 'Welsh', text: 'ie', tone: 'calm' },
      { lang: 'Irish', text: 'sea', tone: 'calm' },
    ]);
  } finally {
    await ws.remove();
  }
});

test('import: --sample keeps N rows in log order, the same for the same seed; existing rows are not imported again', async () => {
  const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ messages: chat('L', `t${i}`, 'x') })).join('\n');
  const ws = await tempWorkspace({ 'log.jsonl': lines });
  try {
    const a = await importRows(ws.file('log.jsonl'), MESSAGES, { sample: 5, seed: 7 });
    const b = await importRows(ws.file('log.jsonl'), MESSAGES, { sample: 5, seed: 7 });
    const c = await importRows(ws.file('log.jsonl'), MESSAGES, { sample: 5, seed: 8 });
    assert.ok(a.ok && b.ok && c.ok);
    assert.equal(a.report.rows.length, 5);
    assert.equal(a.report.sampledOut, 15);
    assert.deepEqual(a.report.rows, b.report.rows);
    assert.notDeepEqual(a.report.rows, c.report.rows);
    const order = a.report.rows.map((r) => Number(r.text.slice(1)));
    assert.deepEqual(
      order,
      [...order].sort((x, y) => x - y),
    );
    assert.equal(seededSample(10, 20, 1).size, 10);
    const existing = new Set(a.report.rows.map((row) => rowKey(row)));
    const rest = await importRows(ws.file('log.jsonl'), MESSAGES, { existing });
    assert.ok(rest.ok);
    assert.equal(rest.report.rows.length, 15);
    assert.equal(rest.report.duplicates, 5);
  } finally {
    await ws.remove();
  }
});

test('import: a pretty-printed document (an OTLP export, a JSON array of requests) is read whole, entries named by position', async () => {
  const spans = [{ spanId: 'p1', name: 'chat', attributes: [attr('gen_ai.prompt', JSON.stringify(chat('Latvian', 'jā', 'calm')))] }];
  const array = [{ messages: chat('Estonian', 'jah', 'calm') }, { messages: [{ role: 'user', content: 'other' }] }];
  const ws = await tempWorkspace({ 'export.json': JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }, null, 2), 'requests.json': JSON.stringify(array, null, 2) });
  try {
    const otlp = await importRows(ws.file('export.json'), MESSAGES);
    assert.ok(otlp.ok);
    assert.deepEqual(otlp.report.rows, [{ lang: 'Latvian', text: 'jā', tone: 'calm' }]);
    const requests = await importRows(ws.file('requests.json'), MESSAGES);
    assert.ok(requests.ok);
    assert.deepEqual(requests.report.rows, [{ lang: 'Estonian', text: 'jah', tone: 'calm' }]);
    assert.deepEqual(
      requests.report.skipped.map((s) => s.where),
      ['item 2'],
    );
  } finally {
    await ws.remove();
  }
});
