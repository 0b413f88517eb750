// Inline testData read apart from the prompt (prompt/testDataBlock.ts) must change nothing but
// time and memory: the CLI's streamed cases and diagnostics equal those of the whole-file parse
// the editor uses, for rows the fast reader takes, rows it leaves to the YAML library, and files
// that make it give up.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { preparePromptStream } from '../../../src/core/prepareStream.js';
import { preparePromptText, type PrepareOptions } from '../../../src/core/prepare.js';
import { checkPromptTextInline, preparePromptTextInline } from '../../../src/core/prepareInline.js';
import { casesOf } from '../../../src/core/dataset/stream.js';
import { findTestDataBlock } from '../../../src/core/prompt/testDataBlock.js';
import { simpleRow } from '../../../src/core/prompt/simpleRow.js';
import type { Diagnostic } from '../../../src/core/diagnostics.js';

const FILE = '/ws/p.prompt.yml';
const DIR = mkdtempSync(path.join(tmpdir(), 'pw-testdata-'));
after(() => rmSync(DIR, { recursive: true, force: true }));
const HEAD = 'name: Rows\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: "{{q}}"\n';

async function bothWays(text: string) {
  const options = { workspaceRoot: '/ws', readFile: async () => text };
  const whole = await preparePromptText(text, FILE, options);
  const inline = await preparePromptTextInline(text, FILE, options);
  const streamed = await streamedCases(FILE, options);
  // The CLI reads the file itself (prompt/testDataFile.ts): the same again, from a file on disk.
  const onDisk = path.join(DIR, 'p.prompt.yml');
  writeFileSync(onDisk, text);
  const fromFile = await streamedCases(onDisk, { workspaceRoot: DIR });
  const sorted = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.column}:${d.code}:${d.message}`).sort();
  return {
    whole: { cases: whole.cases.map((c) => [c.id, c.vars, c.source.range]), diagnostics: sorted(whole.diagnostics), text: whole.parsed.text },
    // The editor's analysis (prepareInline.ts): its prompt must be the whole-file parse's too, rows and all.
    inline: {
      cases: inline.cases.map((c) => [c.id, c.vars, c.source.range]),
      diagnostics: sorted(inline.diagnostics),
      text: inline.parsed.text,
      prompt: inline.parsed.prompt,
      data: inline.parsed.data,
    },
    wholeParse: { prompt: whole.parsed.prompt, data: whole.parsed.data },
    streamed: { cases: streamed.cases.map((c) => [c.id, c.vars, c.source.range]), diagnostics: sorted(streamed.prepared.diagnostics), text: streamed.prepared.parsed.text },
    fromFile: { cases: fromFile.cases.map((c) => [c.id, c.vars, c.source.range]), diagnostics: sorted(fromFile.prepared.diagnostics), text: fromFile.prepared.parsed.text },
  };
}

async function streamedCases(file: string, options: PrepareOptions) {
  const prepared = await preparePromptStream(file, options);
  const cases = [];
  for await (const c of casesOf(prepared.cases)) cases.push(c);
  return { prepared, cases };
}

const keys = fc.constantFrom('q', 'expected', 'name', '_id', 'a_b', '__proto__', 'true', 'null', 'x y', 'Q');
const values = fc.constantFrom(
  'word',
  'two words',
  'C#',
  'a: b',
  'a #b',
  'trailing   ',
  '123',
  '-5',
  '-0',
  '007',
  '+3',
  '1.5',
  '1e3',
  '.inf',
  '0x1F',
  '12345678901234567890',
  'null',
  '~',
  'True',
  'yes',
  'on',
  "'single'",
  "'it''s'",
  "'un",
  '"double"',
  '"esc\\n \\u00e9 \\/"',
  '"\\x41"',
  '"tab\there"',
  '"unterminated',
  '|\n      block line\n      second',
  '>-\n      folded\n      text',
  '&anchor anchored',
  '*anchor',
  '!!str 42',
  '[1, 2]',
  '{a: 1}',
  '',
  'é💡 unicode',
  'a\tb',
  '- x',
  '? x',
  '@x',
  'value # comment',
  '\n      nested: map',
);
const row = fc.array(fc.tuple(keys, values), { minLength: 1, maxLength: 4 });

/** A row as YAML lines at `indent`, in one of the ways people write them. */
function rowLines(pairs: [string, string][], indent: number, style: number): string[] {
  const pad = ' '.repeat(indent);
  const lines = pairs.map(([k, v]) => `${pad}  ${k}:${v === '' ? '' : ` ${v}`}`);
  if (style === 1) return [`${pad}-`, ...lines];
  if (style === 2) return [`${pad}- ${lines[0].trimStart()}`, `${pad}  # a comment`, ...lines.slice(1), ''];
  if (style === 3) return [`${pad}- ${lines[0].trimStart()}`, ...lines.slice(1), `${pad}  # a trailing comment`, `# at column 0`];
  return [`${pad}- ${lines[0].trimStart()}`, ...lines.slice(1)];
}

describe('inline testData read apart from the prompt', () => {
  it('gives the cases, ranges and diagnostics of the whole-file parse, whatever the rows hold', async () => {
    let fast = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(row, fc.constantFrom(0, 0, 0, 1, 2, 3)), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(0, 2, 4),
        fc.constantFrom('', 'evaluators:\n  - name: has\n    string:\n      contains: "a"\n', '# the end\n', 'unknownKey: 1\nmodelParameters:\n  temprature: 0\n'),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (rows, indent, tail, eol, finalBreak) => {
          const body = rows.flatMap(([pairs, style]) => rowLines(pairs, indent, style));
          const text = `${HEAD}testData:\n${body.join('\n')}\n${tail}`.replace(/\n/g, eol).replace(/\r?\n$/, finalBreak ? eol : '');
          if (findTestDataBlock(text)) fast++;
          const { whole, streamed, fromFile, inline, wholeParse } = await bothWays(text);
          assert.deepEqual(streamed.cases, whole.cases);
          assert.deepEqual(streamed.diagnostics, whole.diagnostics);
          assert.equal(streamed.text, text);
          assert.deepEqual(fromFile, streamed);
          assert.deepEqual(inline.cases, whole.cases);
          assert.deepEqual(inline.diagnostics, whole.diagnostics);
          assert.equal(inline.text, text);
          assert.deepEqual(inline.prompt, wholeParse.prompt);
          assert.deepEqual(inline.data, wholeParse.data);
        },
      ),
      { numRuns: 400 },
    );
    assert.ok(fast > 300, `the block was found in ${fast} of 400 files`);
  });

  it('reads the rows people write without the YAML library, and leaves the rest to it', () => {
    assert.deepEqual(simpleRow(['  - q: What is 2+2?', "    expected: '4'", '    n: -12', '    big: 90071992547409930'], 2), {
      q: 'What is 2+2?',
      expected: '4',
      n: -12,
      big: '90071992547409930',
    });
    assert.deepEqual(simpleRow(['- q: "say \\"hi\\""', '  # note', '', '  a: C# and F#'], 0), { q: 'say "hi"', a: 'C# and F#' });
    for (const odd of ['  - q: 1.5', '  - q: yes # no', '  - q: |', '  - q: [a]', '  - q: &a x', '  - q: null', '  - q:', '  - "q": x', '  - q: x\n    q: y'])
      assert.equal(simpleRow(odd.split('\n'), 2), undefined, odd);
  });

  it('a million-row block is found in one pass and read a batch at a time', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `  - q: row ${i}\n    expected: R${i}`).join('\n');
    const text = `${HEAD}testData:\n${rows}\nevaluators:\n  - name: e\n    string: { contains: R }\n`;
    const block = findTestDataBlock(text);
    assert.ok(block);
    assert.equal(block.count, 5000);
    assert.match(block.head, /^testData: \[\]$/m);
    assert.match(block.head, /^evaluators:$/m);
    assert.equal(block.head.split('\n').length + block.gap.lines, text.split('\n').length);
    const batches = [...block.batches(FILE)];
    assert.deepEqual(
      batches.map((b) => b.length),
      [1024, 1024, 1024, 1024, 904],
    );
    assert.deepEqual(batches[4][903].value, { q: 'row 4999', expected: 'R4999' });
    assert.deepEqual(batches[4][903].source.range, { start: { line: 5 + 1 + 9998, column: 4 }, end: { line: 5 + 1 + 10000, column: 0 } });
  });
});

describe('a row with YAML mistakes, as you type it', () => {
  const rows = Array.from({ length: 40 }, (_, i) => `  - q: What is the capital of country ${i}?\n    expected: City ${i}\n    note: row ${i}`);
  /** The file with row 20's lines (q, expected, note) changed by `edit`. */
  const edited = (edit: (lines: string[]) => void) => {
    const lines = [...rows];
    const row = lines[20].split('\n');
    edit(row);
    lines[20] = row.join('\n');
    return `${HEAD}testData:\n${lines.join('\n')}\nevaluators:\n  - name: e\n    string: { contains: City }\n`;
  };
  const options = { workspaceRoot: '/ws' };
  const at = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`);
  const rowLine = 5 + 1 + 20 * 3;

  it('is answered at once from the row alone, as the whole-file parse words it when the mistake stays in its row', async () => {
    const typing: Array<(lines: string[]) => void> = [
      (l) => (l[2] += ': half'),
      (l) => (l[1] = '    expected'),
      (l) => l.push('    ne'),
      (l) => l.push('    -'),
      (l) => (l[1] = `     ${l[1].trimStart()}`),
      (l) => (l[1] = '    expected: a: b'),
    ];
    for (const edit of typing) {
      const text = edited(edit);
      const check = await checkPromptTextInline(text, FILE, options);
      const whole = await preparePromptText(text, FILE, options);
      assert.ok(
        check.exact,
        `provisional for ${text
          .split('\n')
          .slice(rowLine, rowLine + 4)
          .join(' / ')}`,
      );
      assert.deepEqual(check.prepared.diagnostics, whole.diagnostics);
      assert.deepEqual(check.prepared.cases, []);
      assert.equal(check.prepared.parsed.prompt, undefined);
      assert.equal(check.prepared.parsed.text, text);
      const exact = await check.exact();
      assert.deepEqual(exact.diagnostics, whole.diagnostics);
    }
  });

  it('a mistake that runs on past its row is shown in the row at once, then where the whole-file parse puts it', async () => {
    for (const edit of [(l: string[]) => (l[1] = '    expected: "City 20'), (l: string[]) => (l[1] = '    expected: {a: 1')]) {
      const text = edited(edit);
      const check = await checkPromptTextInline(text, FILE, options);
      const whole = await preparePromptText(text, FILE, options);
      assert.ok(check.exact);
      const first = check.prepared.diagnostics[0];
      // In the row, or where the next one starts: the row read alone ends there.
      assert.ok(first.range.start.line >= rowLine && first.range.start.line <= rowLine + 3, `in row 20: ${at(check.prepared.diagnostics)}`);
      assert.notDeepEqual(at(check.prepared.diagnostics), at(whole.diagnostics), 'the whole-file parse reports it elsewhere, or with more after it');
      assert.deepEqual(at((await check.exact()).diagnostics), at(whole.diagnostics));
    }
  });

  it('a file without such a row is answered exactly, as before', async () => {
    const text = edited(() => undefined);
    const check = await checkPromptTextInline(text, FILE, options);
    assert.equal(check.exact, undefined);
    assert.equal(check.prepared.cases.length, 40);
    const inline = await preparePromptTextInline(text, FILE, options);
    assert.deepEqual(check.prepared.cases, inline.cases);
    assert.deepEqual(check.prepared.diagnostics, inline.diagnostics);
    assert.deepEqual(check.prepared.parsed.prompt, inline.parsed.prompt);
  });
});

describe('rows the editor read before (prompt/rowMemo.ts)', () => {
  const options = (allowCode: boolean): PrepareOptions => ({ workspaceRoot: '/ws', allowCode, readFile: async () => '' });
  const rowText = (i: number) => `  - q: question ${i}\n    expected: answer ${i}\n`;
  const rows = Array.from({ length: 30 }, (_, i) => rowText(i));
  const special = [
    '  - _id: named\n    q: with an id\n',
    '  - q: question 3\n    expected: answer 3\n', // the same text as row 3: the same hash id, numbered apart
    '  - q: coded\n    _evaluators:\n      - name: js\n        javascript: "return true"\n',
    // A simple row too (a JSON cell): refused unless code may run, so kept apart by allowCode.
    `  - q: coded in a cell\n    _evaluators: '[{"name":"js","javascript":"return true"}]'\n`,
  ];
  const text = (list: readonly string[]) => `${HEAD}testData:\n${list.join('')}`;
  /** The cases and diagnostics in full, as the whole-file parse (which keeps nothing) gives them. */
  const full = (prepared: Awaited<ReturnType<typeof preparePromptText>>) => ({ cases: prepared.cases, diagnostics: prepared.diagnostics.map((d) => [d.range, d.code, d.message]) });

  it('give the cases and diagnostics of the whole-file parse, in their new places, after every edit', async () => {
    const edits: string[][] = [
      [...rows, ...special],
      ['  - q: inserted first\n', ...rows, ...special],
      [...rows.slice(0, 10), '  - q: question 10 edited\n    expected: answer 10\n', ...rows.slice(11), ...special],
      [...rows.slice(5), ...special, ...rows.slice(0, 5)],
      [...rows, ...special, ...special],
    ];
    for (const [i, list] of edits.entries()) {
      for (const allowCode of [true, false, true]) {
        const checked = await checkPromptTextInline(text(list), FILE, options(allowCode));
        const whole = await preparePromptText(text(list), FILE, options(allowCode));
        assert.deepEqual(full(checked.prepared), full(whole), `edit ${i}, allowCode ${allowCode}`);
      }
    }
  });

  it('keep the value of a row whose text is unchanged, wherever it moved', async () => {
    const first = await checkPromptTextInline(text(rows), FILE, options(false));
    const second = await checkPromptTextInline(text(['  - q: inserted first\n', ...rows]), FILE, options(false));
    const before = first.prepared.parsed.prompt?.testData ?? [];
    const after = second.prepared.parsed.prompt?.testData ?? [];
    assert.equal(after[8], before[7], 'the same value object, one row further down');
    assert.equal(second.prepared.cases[8].source.range.start.line, first.prepared.cases[7].source.range.start.line + 1);
    assert.notEqual(second.prepared.cases[8], first.prepared.cases[7], 'each check gets case objects of its own');
  });
});
