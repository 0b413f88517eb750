// Property-based tests (fast-check) over the parsers and templating: no input makes them throw,
// every diagnostic has a position that exists in the text, templating is single-pass, and the
// dataset parsers give back exactly what a well-formed file holds, at the right lines.
// Seeds are fixed (PW_FC_SEED overrides) so a failure reproduces; fast-check prints the
// counterexample and the seed/path to replay it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify as yamlStringify } from 'yaml';
import { findPlaceholders, parseDatasetText, parsePromptFile, placeholderNames, preparePromptText, render, renderMessages, type Diagnostic, type Range } from '../../../src/core/index.js';
import { toCase } from '../../../src/core/dataset/row.js';

const SEED = Number(process.env.PW_FC_SEED ?? 20261122);
const RUNS = Number(process.env.PW_FC_RUNS ?? 300);
const params = (runs = RUNS) => ({ seed: SEED, numRuns: runs, includeErrorInReport: true });

// ---------------------------------------------------------------------------------------------
// Positions

function assertRangeIn(range: Range, text: string, what: string): void {
  const lines = text.split('\n');
  for (const pos of [range.start, range.end]) {
    assert.ok(Number.isInteger(pos.line) && pos.line >= 0 && pos.line < lines.length, `${what}: line ${pos.line} not in 0..${lines.length - 1}`);
    assert.ok(Number.isInteger(pos.column) && pos.column >= 0 && pos.column <= lines[pos.line].length, `${what}: column ${pos.column} not in 0..${lines[pos.line].length} on line ${pos.line}`);
  }
  const { start, end } = range;
  assert.ok(start.line < end.line || (start.line === end.line && start.column <= end.column), `${what}: start after end ${JSON.stringify(range)}`);
}

function assertDiagnosticsIn(diagnostics: readonly Diagnostic[], text: string, file: string): void {
  for (const d of diagnostics) {
    if (d.file !== file) continue;
    assert.ok(['error', 'warning', 'info'].includes(d.severity));
    assert.ok(typeof d.message === 'string' && d.message.length > 0, 'a diagnostic needs a message');
    assertRangeIn(d.range, text, `${d.code}: ${d.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Generators

const VALID_PROMPT = `name: Fuzz
model: openai/gpt-4o-mini
modelParameters:
  temperature: 0.2
  maxTokens: 50
responseFormat: json_schema
jsonSchema: |-
  {
    "name": "out",
    "schema": { "type": "object", "properties": { "a": { "type": "string" } } }
  }
messages:
  - role: system
    content: You are terse.
  - role: user
    content: "Hello {{name}}, {{ spaced }} {{x}}"
testData:
  - name: Ada
    x: 1
evaluators:
  - name: says hello
    string:
      contains: Hello
workbench:
  models: [openai/gpt-4.1-mini]
  evaluators:
    - name: re
      regex: '^H'
`;

const YAML_TOKENS = [
  'name: ',
  'model: ',
  'messages:',
  'role: ',
  'content: ',
  'testData:',
  'evaluators:',
  'workbench:',
  'dataset: ',
  'jsonSchema: ',
  'responseFormat: ',
  'modelParameters:',
  'temperature: ',
  'user',
  'system',
  'bot',
  'json_schema',
  '- ',
  '  ',
  '    ',
  '\n',
  '\r\n',
  '\t',
  ':',
  '-',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ',',
  '#',
  '&a ',
  '*a',
  '!!str ',
  '!!binary ',
  '|',
  '|-',
  '>',
  '? ',
  '{{',
  '}}',
  '{{x}}',
  '{{ y }}',
  '%YAML 1.2\n',
  '---\n',
  '...\n',
  '\u00e9',
  '\u{1F600}',
  '\uFEFF',
  '\u0000',
  '\\',
  '1e9999',
  '0x1F',
  'null',
  '~',
  'true',
  'abc',
  '"\\u12',
  '<<: *a\n',
];

/** YAML-ish text: prompt-file keywords, indentation and YAML punctuation in random order. */
const yamlish = fc.array(fc.oneof(fc.constantFrom(...YAML_TOKENS), fc.string({ maxLength: 6 })), { maxLength: 60 }).map((parts) => parts.join(''));

/** A valid prompt file with random edits: insertions of tokens, deletions, and swapped characters. */
const mutatedPrompt = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...YAML_TOKENS, '')), { minLength: 1, maxLength: 6 }).map((edits) => {
  let text = VALID_PROMPT;
  for (const [at, del, insert] of edits) {
    const i = at % (text.length + 1);
    text = text.slice(0, i) + insert + text.slice(i + del);
  }
  return text;
});

const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 }), yamlish, mutatedPrompt);

// ---------------------------------------------------------------------------------------------

describe('fuzz: the prompt parser', () => {
  it('never throws, and every diagnostic points at a line and column that exist', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parsePromptFile(text, '/ws/fuzz.prompt.yml');
        assert.ok(Array.isArray(parsed.diagnostics));
        assertDiagnosticsIn(parsed.diagnostics, text, '/ws/fuzz.prompt.yml');
        // A prompt comes back only without errors.
        if (parsed.prompt) assert.ok(!parsed.diagnostics.some((d) => d.severity === 'error'));
      }),
      params(1000),
    );
  });

  it('positions stay on the right line after a multi-line token in a broken file (minimal case)', () => {
    // A stray "}" puts the YAML parser in recovery; the double-quoted scalar spans lines 1-2, so
    // "c" is on line 3 (0-based) – the diagnostic for it must say so.
    const text = 'a: }\nb: "x\n  y"\nc: 1\n';
    const parsed = parsePromptFile(text, '/ws/p.prompt.yml');
    assertDiagnosticsIn(parsed.diagnostics, text, '/ws/p.prompt.yml');
    const c = parsed.diagnostics.find((d) => /"c"/.test(d.message));
    if (c) assert.equal(c.range.start.line, 3, `the diagnostic about "c" is on line ${c.range.start.line}`);
    const block = 'name: }}x\njsonSchema: |-\n  {\n  }\nmessages: []\n';
    const parsedBlock = parsePromptFile(block, '/ws/q.prompt.yml');
    assertDiagnosticsIn(parsedBlock.diagnostics, block, '/ws/q.prompt.yml');
    const messages = parsedBlock.diagnostics.find((d) => /"messages"/.test(d.message));
    if (messages) assert.deepEqual(messages.range.start, { line: 4, column: 0 }, '"messages" starts line 4');
  });

  it('the seed prompt is valid (so the mutations start from a real file)', () => {
    const parsed = parsePromptFile(VALID_PROMPT.replace('{{ spaced }} ', ''), '/ws/ok.prompt.yml');
    assert.deepEqual(
      parsed.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });

  it('a JSON-schema string with a JSON error anywhere is reported inside the file', () => {
    // Corrupt the jsonSchema block at random places: the diagnostic must stay on a real line/column.
    const schemaLines = ['{', '  "name": "out",', '  "schema": {', '    "type": "object",', '    "properties": { "a": { "type": "string" } }', '  }', '}'];
    fc.assert(
      fc.property(fc.nat({ max: schemaLines.length - 1 }), fc.nat(), fc.constantFrom(',', '}', '"', ':', 'x', '{', ']', ''), fc.nat({ max: 6 }), (lineIndex, at, insert, indentExtra) => {
        const lines = [...schemaLines];
        const line = lines[lineIndex];
        const i = at % (line.length + 1);
        lines[lineIndex] = line.slice(0, i) + insert + line.slice(i + 1);
        const indent = ' '.repeat(2 + indentExtra);
        const text = `model: openai/gpt-4o\nresponseFormat: json_schema\njsonSchema: |-\n${lines.map((l) => indent + l).join('\n')}\nmessages:\n  - role: user\n    content: hi\n`;
        const parsed = parsePromptFile(text, '/ws/s.prompt.yml');
        assertDiagnosticsIn(parsed.diagnostics, text, '/ws/s.prompt.yml');
      }),
      params(),
    );
  });
});

// ---------------------------------------------------------------------------------------------

const NAMES = ['input', 'expected', 'completion', 'name', 'x', 'a b', 'émoji😀', '__proto__', 'constructor', 'toString'];
/** Values that may themselves look like templates. */
const value = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(...NAMES.map((n) => `{{${n}}}`), '{{', '}}', '{{{{x}}}}', '$&', '$1', "$'", '$`'),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom(...NAMES.map((n) => `{{${n}}}`))), { maxLength: 5 }).map((p) => p.join('')),
);
function varsOf(entries: [string, string][]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(vars, k, { value: v, enumerable: true, writable: true, configurable: true });
  return vars;
}

describe('fuzz: templating', () => {
  it('is single-pass: a value containing {{x}} is inserted literally, never expanded', () => {
    // Model: a template made of literal text (no braces) and placeholders; the expected output is
    // the concatenation with each placeholder replaced by its value as-is.
    const segment = fc.oneof(
      fc.string({ maxLength: 8 }).map((s) => ({ text: s.replace(/[{}]/g, '') })),
      fc.constantFrom(...NAMES).map((name) => ({ name })),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 12 }), fc.array(value, { minLength: NAMES.length, maxLength: NAMES.length }), (segments, values) => {
        const vars = varsOf(NAMES.map((n, i) => [n, values[i]]));
        const template = segments.map((s) => ('name' in s ? `{{${s.name}}}` : s.text)).join('');
        const expected = segments.map((s) => ('name' in s ? values[NAMES.indexOf(s.name)] : s.text)).join('');
        assert.equal(render(template, vars), expected);
        // The same through the runner's message rendering.
        const messages = renderMessages({ messages: [{ role: 'user', content: template }] }, vars);
        assert.equal(messages[0].content, expected);
      }),
      params(),
    );
  });

  it('with every variable given, no placeholder that had a variable is left, and each value appears once per use', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          yamlish,
          fc.array(fc.constantFrom('{{', '}}', '{', '}', 'x', 'a b', ' ', '{{x}}', '\n'), { maxLength: 30 }).map((p) => p.join('')),
        ),
        (template) => {
          const names = placeholderNames(template);
          // Sentinels: no braces, and nowhere in the template, so any placeholder in the output that
          // names a variable must have survived rendering.
          const sentinel = (i: number) => `\u27E6${i}\u27E7`;
          fc.pre(!template.includes('\u27E6'));
          const vars = varsOf(names.map((n, i) => [n, sentinel(i)]));
          const out = render(template, vars);
          const left = findPlaceholders(out)
            .map((p) => p.name)
            .filter((n) => names.includes(n));
          assert.deepEqual(left, [], `left in ${JSON.stringify(out)}`);
          names.forEach((n, i) => {
            const uses = findPlaceholders(template).filter((p) => p.name === n).length;
            assert.equal(out.split(sentinel(i)).length - 1, uses, `{{${n}}} used ${uses} times`);
          });
        },
      ),
      params(),
    );
  });

  it('without variables a template is left as written', () => {
    fc.assert(
      fc.property(anyText, (template) => {
        assert.equal(render(template, {}), template);
      }),
      params(),
    );
  });
});

// ---------------------------------------------------------------------------------------------

const DATASET_FILES = ['/ws/d.jsonl', '/ws/d.ndjson', '/ws/d.csv', '/ws/d.tsv', '/ws/d.yaml', '/ws/d.yml', '/ws/d.json'];
const CSVISH = fc.array(fc.constantFrom('a', 'b', ',', '"', '""', '\n', '\r\n', '\r', '\t', ' ', 'x,y', '"q"', '\uFEFF', 'é', ''), { maxLength: 40 }).map((p) => p.join(''));
const JSONLISH = fc
  .array(fc.oneof(fc.json(), fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\n', '\r\n', 'null', '{"a":', '"_id"', '"_evaluators"', '[{"name":"x"}]')), { maxLength: 20 })
  .map((p) => p.join(''));
const datasetText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), CSVISH, JSONLISH, yamlish);

describe('fuzz: dataset parsers', () => {
  it('JSONL, CSV, TSV, YAML and JSON parsers never throw; rows and diagnostics have positions in the file', () => {
    fc.assert(
      fc.property(datasetText, fc.constantFrom(...DATASET_FILES), (text, file) => {
        const parsed = parseDatasetText(text, file);
        assertDiagnosticsIn(parsed.diagnostics, text, file);
        for (const row of parsed.rows) {
          assertRangeIn(row.source.range, text, `row ${row.name}`);
          const converted = toCase(row);
          assertDiagnosticsIn(converted.diagnostics, text, file);
        }
      }),
      params(1000),
    );
  });

  it('loading a dataset through preparePromptText never throws, whatever the bytes', async () => {
    const prompt = 'model: openai/gpt-4o\nmessages:\n  - role: user\n    content: "{{a}}"\nworkbench:\n  dataset: [d.jsonl, d.csv, d.yaml]\n';
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), datasetText, async (bytes, text) => {
        const files: Record<string, Uint8Array | string> = { '/ws/d.jsonl': bytes, '/ws/d.csv': text, '/ws/d.yaml': text };
        const prepared = await preparePromptText(prompt, '/ws/p.prompt.yml', {
          workspaceRoot: '/ws',
          readFile: async (f) => files[f] ?? Promise.reject(Object.assign(new Error('nope'), { code: 'ENOENT' })),
        });
        for (const d of prepared.diagnostics) {
          const content = files[d.file] ?? (d.file === '/ws/p.prompt.yml' ? prompt : undefined);
          assert.ok(content !== undefined, `diagnostic for an unknown file ${d.file}`);
          assertRangeIn(d.range, typeof content === 'string' ? content : Buffer.from(content).toString('latin1'), d.message);
        }
      }),
      params(200),
    );
  });

  // Well-formed files must come back exactly, each row at its own line.
  const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('a,b', 'say "hi"', 'two\nlines', 'crlf\r\nline', '', ' padded ', '"', ',', '\n'));
  const header = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), { minLength: 1, maxLength: 4 });

  it('CSV: a well-formed file (LF or CRLF, quoted cells with commas, quotes and line breaks) loads exactly, each row at its line', () => {
    const quote = (s: string) => (/[",\r\n]/.test(s) || s.trim() !== s || s === '' ? `"${s.replace(/"/g, '""')}"` : s);
    fc.assert(
      fc.property(header, fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (names, rows, eol) => {
        const body = rows.map((r) => names.map((_, i) => r[i]));
        // A row of only empty cells is an empty line to the parser (skip_empty_lines); keep one real cell.
        fc.pre(body.every((r) => r.some((c) => c !== '')));
        const lines = [names.map(quote).join(','), ...body.map((r) => r.map(quote).join(','))];
        const text = lines.join(eol) + eol;
        const parsed = parseDatasetText(text, '/ws/d.csv');
        assert.deepEqual(parsed.diagnostics, []);
        assert.deepEqual(
          parsed.rows.map((r) => r.value),
          body.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]]))),
        );
        // Expected start line of each record: count the line breaks (\n) written before it.
        let offset = lines[0].length + eol.length;
        const starts: number[] = [];
        for (let i = 1; i < lines.length; i++) {
          starts.push(text.slice(0, offset).split('\n').length - 1);
          offset += lines[i].length + eol.length;
        }
        assert.deepEqual(
          parsed.rows.map((r) => r.source.range.start.line),
          starts,
          `rows must start at their own lines in ${JSON.stringify(text)}`,
        );
      }),
      params(),
    );
  });

  it('JSONL: well-formed rows load exactly as written, each at its line, with reserved keys taken out', () => {
    const key = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('expected', 'input', '_note'));
    const row = fc.dictionary(
      key.filter((k) => k !== '_id' && k !== '_evaluators' && k !== '__proto__'),
      fc.jsonValue({ maxDepth: 2 }),
      { maxKeys: 5 },
    );
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        const text = rows.map((r) => JSON.stringify(r)).join(eol) + eol;
        const parsed = parseDatasetText(text, '/ws/d.jsonl');
        assert.deepEqual(parsed.diagnostics, []);
        assert.deepEqual(
          parsed.rows.map((r) => r.source.range.start.line),
          rows.map((_, i) => i),
        );
        const cases = parsed.rows.map((r) => toCase(r).case);
        assert.deepEqual(
          cases.map((c) => c?.vars),
          JSON.parse(JSON.stringify(rows)),
        );
      }),
      params(),
    );
  });

  it('YAML: well-formed rows load exactly, each at its line', () => {
    const row = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/), fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean()), { minKeys: 1, maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
        const text = yamlStringify(rows);
        const parsed = parseDatasetText(text, '/ws/d.yaml');
        assert.deepEqual(parsed.diagnostics, []);
        assert.deepEqual(
          parsed.rows.map((r) => r.value),
          JSON.parse(JSON.stringify(rows)),
        );
        const lines = text.split('\n');
        const starts = lines.map((l, i) => (l.startsWith('- ') ? i : -1)).filter((i) => i >= 0);
        assert.deepEqual(
          parsed.rows.map((r) => r.source.range.start.line),
          starts,
        );
      }),
      params(),
    );
  });

  it('YAML: a syntax error in one row drops only that row; the rows before and after still load', () => {
    const word = fc.stringMatching(/^[A-Za-z][a-z]{0,7}$/);
    // Ways to break one row: a nested mapping in a compact one, a reserved indicator starting the
    // value, an unterminated quote (which swallows what follows, so only used on the last row).
    const breakages = [(n: string) => `- name: ${n}: extra`, (n: string) => `- name: @${n}`, (n: string) => `- name: "${n}\n  y: [1`];
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 2, maxLength: 8 }), fc.nat(), fc.nat({ max: breakages.length - 1 }), (names, k, how) => {
        const bad = k % names.length;
        fc.pre(how !== 2 || bad === names.length - 1);
        const text = names.map((n, i) => (i === bad ? breakages[how](n) : `- name: ${n}`)).join('\n') + '\n';
        const parsed = parseDatasetText(text, '/ws/d.yaml');
        assert.ok(
          parsed.diagnostics.some((d) => d.severity === 'error'),
          'the broken row is reported',
        );
        assertDiagnosticsIn(parsed.diagnostics, text, '/ws/d.yaml');
        assert.deepEqual(
          parsed.rows.map((r) => (r.value as { name: string }).name),
          names.filter((_, i) => i !== bad),
          `only row ${bad + 1} may be dropped from ${JSON.stringify(text)}`,
        );
      }),
      params(),
    );
  });
});
