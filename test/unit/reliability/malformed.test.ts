// The bad-input corpus (test/fixtures/malformed/, see its README): every malformed prompt file or
// dataset yields a positioned error (file, line) and no crash – through the core (preparePrompt)
// and through the CLI (exit 2, "file:line:col: error: …", no stack trace); rows that are fine
// still load, and valid-but-tricky input (CSV with embedded newlines and quotes) loads exactly.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseWorkspaceConfig, preparePrompt, type Diagnostic, type PreparedPrompt } from '../../../src/core/index.js';
import type { LoadedConfig } from '../../../src/core/workspace/config.js';
import { startTestServer, type TestServer } from '../../support/openaiServer.js';
import { runCliProcess } from '../../support/cliProcess.js';
import { STACK_FRAME, makeWorkspace, providerConfig, repoRoot, runMain, type TempWorkspace } from '../../support/rsHarness.js';

const MB = 1024 * 1024;

interface ExpectedError {
  /** Workspace-relative file the diagnostic must point at. */
  file: string;
  /** Acceptable 1-based lines (a YAML parser may report where it noticed the problem). */
  lines: number[];
  message: RegExp;
}

interface Entry {
  prompt: string;
  errors: ExpectedError[];
  /** Cases that must load despite the errors. */
  cases?: number;
  /** The prompt's own problems stop the run (nothing may be sent). */
  blocks: boolean;
}

const P = (prompt: string) => `${prompt}.prompt.yml`;

const CORPUS: Entry[] = [
  { prompt: P('broken-yaml'), blocks: true, errors: [{ file: P('broken-yaml'), lines: [6, 7], message: /YAML/ }] },
  { prompt: P('bad-indentation'), blocks: true, errors: [{ file: P('bad-indentation'), lines: [7, 8], message: /YAML/ }] },
  {
    prompt: P('wrong-types'),
    blocks: true,
    errors: [
      { file: P('wrong-types'), lines: [5], message: /modelParameters\.temperature must be a number/ },
      { file: P('wrong-types'), lines: [11], message: /testData\[1\] must be a mapping/ },
    ],
  },
  { prompt: P('messages-not-a-list'), blocks: true, errors: [{ file: P('messages-not-a-list'), lines: [4], message: /messages must be a list/ }] },
  { prompt: P('unknown-role'), blocks: true, errors: [{ file: P('unknown-role'), lines: [7], message: /messages\[1\]\.role must be one of system, user, assistant/ }] },
  { prompt: P('not-a-mapping'), blocks: true, errors: [{ file: P('not-a-mapping'), lines: [1], message: /mapping/ }] },
  { prompt: P('duplicate-key'), blocks: true, errors: [{ file: P('duplicate-key'), lines: [4], message: /unique/ }] },
  { prompt: P('bad-json-schema'), blocks: true, errors: [{ file: P('bad-json-schema'), lines: [10, 11], message: /jsonSchema is not valid JSON/ }] },
  { prompt: P('invalid-utf8'), blocks: true, errors: [{ file: P('invalid-utf8'), lines: [4], message: /not valid UTF-8/ }] },
  { prompt: P('missing-dataset'), blocks: true, errors: [{ file: P('missing-dataset'), lines: [8], message: /does not exist/ }] },
  { prompt: P('self-dataset'), blocks: true, errors: [{ file: P('self-dataset'), lines: [8], message: /this prompt file itself/ }] },
  { prompt: P('folder-dataset'), blocks: true, errors: [{ file: P('folder-dataset'), lines: [8], message: /is a folder/ }] },
  { prompt: P('folder-dataset-plain'), blocks: true, errors: [{ file: P('folder-dataset-plain'), lines: [8], message: /must be one of/ }] },
  { prompt: P('prompt-as-dataset'), blocks: false, cases: 0, errors: [{ file: P('unknown-role'), lines: [1, 2], message: /must be a list of rows/ }] },
  { prompt: P('jsonl-bad-line'), blocks: false, cases: 4, errors: [{ file: 'datasets/bad-line.jsonl', lines: [3], message: /line 3 is not valid JSON/ }] },
  {
    prompt: P('jsonl-wrong-types'),
    blocks: false,
    cases: 2,
    errors: [
      { file: 'datasets/wrong-types.jsonl', lines: [2], message: /must be a mapping of variables \(got a list\)/ },
      { file: 'datasets/wrong-types.jsonl', lines: [3], message: /must be a mapping of variables \(got number 42\)/ },
      { file: 'datasets/wrong-types.jsonl', lines: [4], message: /must be a mapping of variables \(got null\)/ },
      { file: 'datasets/wrong-types.jsonl', lines: [5], message: /_id must be non-empty text/ },
    ],
  },
  { prompt: P('invalid-utf8-dataset'), blocks: false, errors: [{ file: 'datasets/invalid-utf8.jsonl', lines: [3], message: /not valid UTF-8/ }] },
  { prompt: P('csv-broken'), blocks: false, cases: 2, errors: [{ file: 'datasets/broken.csv', lines: [3], message: /Record Length|columns/i }] },
  { prompt: P('csv-unclosed-quote'), blocks: false, cases: 1, errors: [{ file: 'datasets/unclosed-quote.csv', lines: [3, 4], message: /quote/i }] },
  { prompt: P('csv-bad-header'), blocks: false, cases: 0, errors: [{ file: 'datasets/bad-header.csv', lines: [1], message: /appears twice/ }] },
  { prompt: P('yaml-dataset-broken'), blocks: false, cases: 2, errors: [{ file: 'datasets/broken-rows.yaml', lines: [2], message: /YAML/ }] },
  { prompt: P('missing-var'), blocks: true, errors: [{ file: 'datasets/missing-var.jsonl', lines: [2], message: /no "name"/ }] },
  { prompt: P('unresolved-alias'), blocks: true, errors: [{ file: P('unresolved-alias'), lines: [6], message: /alias/i }] },
  { prompt: P('alias-bomb'), blocks: true, errors: [{ file: P('alias-bomb'), lines: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], message: /./ }] },
  { prompt: P('yaml-dataset-unresolved-alias'), blocks: false, cases: 2, errors: [{ file: 'datasets/unresolved-alias.yaml', lines: [2], message: /alias/i }] },
  // Generated at run time (10 MB files are not committed): see writeHugeRows().
  { prompt: P('huge-broken'), blocks: false, cases: 2, errors: [{ file: 'datasets/huge-broken.jsonl', lines: [2], message: /line 2 is not valid JSON/ }] },
];

/** `lines`: first and last line of each row (1-based); YAML rows give only the first. */
const VALID: { prompt: string; rows: { vars: Record<string, string>; lines: [number, number] | [number] }[] }[] = [
  {
    prompt: P('yaml-dataset-anchors'),
    rows: [
      { vars: { name: 'Ada', team: 'compilers' }, lines: [1] },
      { vars: { name: 'Grace', team: 'compilers' }, lines: [3] },
      { vars: { name: 'Ken', team: 'tools' }, lines: [5] },
      { vars: { name: 'Ken', team: 'tools' }, lines: [6] },
    ],
  },
  {
    prompt: P('csv-embedded'),
    rows: [
      { vars: { title: 'plain', body: 'simple text' }, lines: [2, 2] },
      { vars: { title: 'with, comma', body: 'she said "hi", twice' }, lines: [3, 3] },
      { vars: { title: 'multiline', body: 'line one\nline two\nline three' }, lines: [4, 6] },
      { vars: { title: '', body: 'empty title' }, lines: [7, 7] },
      { vars: { title: 'last', body: 'ends "quoted"' }, lines: [8, 8] },
    ],
  },
  {
    prompt: P('csv-embedded-crlf'),
    rows: [
      { vars: { title: 'plain', body: 'simple text' }, lines: [2, 2] },
      { vars: { title: 'multiline', body: 'line one\r\nline two' }, lines: [3, 4] },
      { vars: { title: 'quoted "title"', body: 'x, y' }, lines: [5, 5] },
      { vars: { title: 'last', body: 'end' }, lines: [6, 6] },
    ],
  },
];

const HUGE = 'x'.repeat(10 * MB);

async function writeHugeRows(ws: TempWorkspace): Promise<void> {
  // A valid 10 MB row between small ones, and a broken one (never closed) – JSONL and CSV.
  await ws.write('datasets/huge.jsonl', `{"name":"Ada"}\n${JSON.stringify({ name: HUGE })}\n{"name":"Ken"}\n`);
  await ws.write('datasets/huge-broken.jsonl', `{"name":"Ada"}\n{"name":"${HUGE}\n{"name":"Ken"}\n`);
  await ws.write('datasets/huge.csv', `name,note\nAda,small\n"${HUGE.slice(0, MB)},\n""quoted""\n${HUGE.slice(MB)}",big\nKen,small\n`);
  const prompt = (dataset: string) => `name: Huge rows\nmodel: corpus/test-model\nmessages:\n  - role: user\n    content: Hello {{name}}\nworkbench:\n  dataset: ${dataset}\n`;
  // Not *.prompt.yml, so running the corpus folder never sends 10 MB to the test server.
  await ws.write('huge.valid.yml', prompt('datasets/huge.jsonl'));
  await ws.write(P('huge-broken'), prompt('datasets/huge-broken.jsonl'));
  await ws.write('huge-csv.valid.yml', prompt('datasets/huge.csv'));
}

/** Every diagnostic points inside a file of the workspace, at a line and column that exist. */
async function assertPositionsInRange(diagnostics: readonly Diagnostic[], root: string): Promise<void> {
  for (const d of diagnostics) {
    assert.ok(path.isAbsolute(d.file) && d.file.startsWith(root + path.sep), `diagnostic file ${d.file} must be an absolute path in the workspace`);
    const lines = (await readFile(d.file, 'latin1')).split('\n');
    for (const [name, pos] of [
      ['start', d.range.start],
      ['end', d.range.end],
    ] as const) {
      assert.ok(Number.isInteger(pos.line) && pos.line >= 0 && pos.line < lines.length, `${d.file} ${name} line ${pos.line} out of 0..${lines.length - 1}: ${d.message}`);
      assert.ok(
        Number.isInteger(pos.column) && pos.column >= 0 && pos.column <= Buffer.byteLength(lines[pos.line], 'latin1'),
        `${d.file}:${pos.line} ${name} column ${pos.column} out of range: ${d.message}`,
      );
    }
    const ordered = d.range.start.line < d.range.end.line || (d.range.start.line === d.range.end.line && d.range.start.column <= d.range.end.column);
    assert.ok(ordered, `range start after end: ${JSON.stringify(d.range)}`);
    assert.ok(d.message.trim().length > 0 && !STACK_FRAME.test(d.message), `a diagnostic is a sentence, not a stack: ${d.message}`);
  }
}

function findError(diagnostics: readonly Diagnostic[], root: string, e: ExpectedError): Diagnostic | undefined {
  return diagnostics.find((d) => d.severity === 'error' && d.file === path.join(root, e.file) && e.lines.includes(d.range.start.line + 1) && e.message.test(d.message));
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('reliability: bad input corpus', () => {
  let server: TestServer;
  let ws: TempWorkspace;
  before(async () => {
    server = await startTestServer();
    ws = await makeWorkspace({ 'prompt-workbench.yml': providerConfig('corpus', server.url) });
    await cp(path.join(repoRoot(), 'test/fixtures/malformed'), ws.root, { recursive: true });
    await writeHugeRows(ws);
  });
  after(async () => {
    await server.close();
    await ws.cleanup();
  });

  describe('core: preparePrompt reports a positioned error and does not throw', () => {
    for (const entry of CORPUS) {
      it(entry.prompt, async () => {
        let prepared: PreparedPrompt | undefined;
        await assert.doesNotReject(async () => {
          prepared = await preparePrompt(ws.path(entry.prompt), { workspaceRoot: ws.root });
        });
        const { diagnostics, cases } = prepared!;
        for (const e of entry.errors) {
          assert.ok(
            findError(diagnostics, ws.root, e),
            `expected an error in ${e.file} at line ${e.lines.join(' or ')} matching ${e.message}; got:\n${diagnostics.map((d) => `${path.relative(ws.root, d.file)}:${d.range.start.line + 1}: ${d.message}`).join('\n')}`,
          );
        }
        await assertPositionsInRange(diagnostics, ws.root);
        if (entry.cases !== undefined) assert.equal(cases.length, entry.cases, `rows that are fine must still load: ${JSON.stringify(cases.map((c) => c.label))}`);
        if (entry.blocks) assert.equal(prepared!.parsed.prompt === undefined || diagnostics.some((d) => d.severity === 'error'), true);
      });
    }

    for (const valid of VALID) {
      it(`${valid.prompt} is valid and loads exactly`, async () => {
        const prepared = await preparePrompt(ws.path(valid.prompt), { workspaceRoot: ws.root });
        assert.deepEqual(prepared.diagnostics, []);
        assert.deepEqual(
          prepared.cases.map((c) => c.vars),
          valid.rows.map((r) => r.vars),
        );
        assert.deepEqual(
          prepared.cases.map((c, i) => [c.source.range.start.line + 1, c.source.range.end.line + 1].slice(0, valid.rows[i]?.lines.length ?? 2)),
          valid.rows.map((r) => r.lines),
          'each row must point at its own lines (what "run case at cursor" and file:line in failures use)',
        );
      });
    }

    it('a valid 10 MB row loads intact between small rows (JSONL and CSV)', async () => {
      const jsonl = await preparePrompt(ws.path('huge.valid.yml'), { workspaceRoot: ws.root });
      assert.deepEqual(jsonl.diagnostics, []);
      assert.deepEqual(
        jsonl.cases.map((c) => (c.vars.name as string).length),
        [3, HUGE.length, 3],
      );
      assert.deepEqual(
        jsonl.cases.map((c) => c.source.range.start.line),
        [0, 1, 2],
      );
      assert.ok(jsonl.cases[1].label.length < 200, 'the label of a huge row stays short');
      const csv = await preparePrompt(ws.path('huge-csv.valid.yml'), { workspaceRoot: ws.root });
      assert.deepEqual(csv.diagnostics, []);
      assert.equal(csv.cases.length, 3);
      assert.equal(csv.cases[1].vars.name, `${HUGE.slice(0, MB)},\n"quoted"\n${HUGE.slice(MB)}`);
      assert.deepEqual(
        csv.cases.map((c) => c.source.range.start.line + 1),
        [2, 3, 6],
      );
    });
  });

  describe('CLI (in-process main): exit 2, file:line:col, no stack trace', () => {
    for (const entry of CORPUS) {
      it(entry.prompt, async () => {
        const before = server.requests.length;
        const run = await runMain(['eval', entry.prompt, '--no-cache', '--no-record'], { cwd: ws.root });
        assert.equal(run.code, 2, `exit code; stderr:\n${run.stderr}`);
        for (const e of entry.errors) {
          const line = new RegExp(`^${escapeRegex(e.file)}:(${e.lines.join('|')}):\\d+: error: .*${e.message.source}`, 'm');
          assert.match(run.stderr, line, `stderr must name ${e.file}:${e.lines.join('|')}:col`);
        }
        assert.doesNotMatch(run.stderr + run.stdout, STACK_FRAME, 'no stack trace');
        assert.ok(run.stderr.length < 10_000, `error output must stay short (${run.stderr.length} chars), not echo the input`);
        const sent = server.requests.length - before;
        if (entry.blocks) assert.equal(sent, 0, 'a prompt with errors sends nothing');
        else if (entry.cases !== undefined) assert.equal(sent, entry.cases, 'the rows that loaded still run');
      });
    }

    it('a valid CSV with embedded newlines and quotes runs clean (exit 0)', async () => {
      const run = await runMain(['eval', P('csv-embedded'), '--no-cache', '--no-record'], { cwd: ws.root });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
    });
  });

  it('a broken prompt-workbench.yml (an unresolved alias) is a positioned error, not a crash', async () => {
    const bad = await makeWorkspace({ 'prompt-workbench.yml': 'concurrency: 4\ntimeoutMs: *timeout\n', 'p.prompt.yml': 'model: openai/gpt-4o\nmessages:\n  - role: user\n    content: hi\n' });
    try {
      let loaded: LoadedConfig | undefined;
      assert.doesNotThrow(() => {
        loaded = parseWorkspaceConfig('concurrency: 4\ntimeoutMs: *timeout\n', bad.path('prompt-workbench.yml'));
      });
      assert.ok(
        loaded!.diagnostics.some((d) => d.severity === 'error' && d.range.start.line === 1),
        JSON.stringify(loaded!.diagnostics),
      );
      for (const command of ['eval', 'estimate']) {
        const run = await runMain([command, 'p.prompt.yml', '--no-cache', '--no-record'], { cwd: bad.root });
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, /^prompt-workbench\.yml:2:\d+: error: /m, `${command}: ${run.stderr}`);
        assert.doesNotMatch(run.stderr, STACK_FRAME);
      }
    } finally {
      await bad.cleanup();
    }
  });

  it('CLI process: the whole corpus folder at once exits 2 with every positioned error and no crash', async () => {
    const run = await runCliProcess(['eval', '.', '--no-cache', '--no-record', '--concurrency', '4'], { cwd: ws.root, env: { PATH: process.env.PATH } });
    assert.equal(run.signal, null);
    assert.equal(run.code, 2, run.stderr);
    for (const entry of CORPUS) {
      for (const e of entry.errors) {
        const line = new RegExp(`^${escapeRegex(e.file)}:(${e.lines.join('|')}):\\d+: error: `, 'm');
        assert.match(run.stderr, line, `stderr must name ${e.file}:${e.lines.join('|')}:col (${entry.prompt})`);
      }
    }
    assert.doesNotMatch(run.stderr + run.stdout, STACK_FRAME, 'no stack trace');
    assert.doesNotMatch(run.stderr, /Uncaught|TypeError|RangeError|ReferenceError|FATAL|heap out of memory/);
  });
});
