import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  BUNDLED_PRICING,
  createSummaryAccumulator,
  estimateRun,
  casesOf,
  openCaseStream,
  type Diagnostic,
  parsePromptFile,
  preparePromptText,
  readRecord,
  streamRecordLines,
  summarize,
  type CaseResult,
  type EvalCase,
} from '../../../src/core/index.js';
import { parseDatasetText } from '../../../src/core/dataset/load.js';
import { streamRows, isDiagnostic, type FileStats } from '../../../src/core/dataset/streamRows.js';
import { openRecordWriter } from '../../../src/core/record/writer.js';
import type { RawRow } from '../../../src/core/dataset/row.js';
import { percentile } from '../../../src/core/stats.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

// Streaming must change nothing but memory: the same rows, positions, diagnostics, ids and
// summaries as reading everything at once.

async function* chunked(text: string | Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function streamed(text: string, file: string, chunk: number) {
  const stats: FileStats = { contentHash: '' };
  const rows: RawRow[] = [];
  const diagnostics: Diagnostic[] = [];
  for await (const batch of streamRows(chunked(text, chunk), file, stats)) {
    for (const event of batch) {
      if (isDiagnostic(event)) diagnostics.push(event);
      else rows.push(event);
    }
  }
  return { rows, diagnostics, stats };
}

const cell = fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('a,b', 'say "hi"', 'two\nlines', 'crlf\r\nline', '', ' padded ', 'é', '💡'));
const header = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), { minLength: 1, maxLength: 4 });
const quote = (s: string) => (/[",\r\n]/.test(s) || s.trim() !== s || s === '' ? `"${s.replace(/"/g, '""')}"` : s);

describe('streaming datasets', () => {
  it('CSV streamed in chunks of any size gives the rows, lines and diagnostics of the whole-text parser', async () => {
    await fc.assert(
      fc.asyncProperty(
        header,
        fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.constantFrom('', '\n', 'x,y,z,w,v\n'), { maxLength: 3 }),
        fc.integer({ min: 1, max: 64 }),
        async (names, rows, eol, noise, chunk) => {
          const body = rows.map((r) => names.map((_, i) => r[i])).filter((r) => r.some((c) => c !== ''));
          const lines = [names.map(quote).join(','), ...body.map((r) => r.map(quote).join(',')), ...noise];
          const text = lines.join(eol) + eol;
          const whole = parseDatasetText(text, '/ws/d.csv');
          const parts = await streamed(text, '/ws/d.csv', chunk);
          assert.deepEqual(
            parts.rows.map((r) => [r.value, r.source.range]),
            whole.rows.map((r) => [r.value, r.source.range]),
          );
          assert.deepEqual(
            parts.diagnostics.map((d) => [d.range.start.line, d.code]),
            whole.diagnostics.map((d) => [d.range.start.line, d.code]),
          );
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('JSONL streamed in chunks of any size gives the rows and errors of the whole-text parser', async () => {
    const line = fc.oneof(
      fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.oneof(fc.string({ maxLength: 8 }), fc.integer())).map((o) => JSON.stringify(o)),
      fc.constantFrom('', '{oops', '[1,2]', '  ', '{"a":"é💡"}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 10 }), fc.constantFrom('\n', '\r\n'), fc.integer({ min: 1, max: 32 }), async (lines, eol, chunk) => {
        const text = lines.join(eol);
        const whole = parseDatasetText(text, '/ws/d.jsonl');
        const parts = await streamed(text, '/ws/d.jsonl', chunk);
        assert.deepEqual(
          parts.rows.map((r) => [r.value, r.source.range]),
          whole.rows.map((r) => [r.value, r.source.range]),
        );
        assert.deepEqual(
          parts.diagnostics.map((d) => [d.range, d.message]),
          whole.diagnostics.map((d) => [d.range, d.message]),
        );
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('a case stream yields the cases of loadCases (ids numbered alike), with the same checks, reading the files again each time', async () => {
    const prompt = `model: openai/gpt-4o\nmessages:\n  - role: user\n    content: "{{q}} {{extra}}"\ntestData:\n  - q: inline\n    extra: x\nworkbench:\n  dataset: [a.csv, b.jsonl, c.csv]\n`;
    // c.csv spans several batches, with a repeated row and a repeated _id far apart.
    const many = Array.from({ length: 3000 }, (_, i) => (i === 2500 ? 'row 10,10,' : i === 2900 ? 'far,1,id-7' : `row ${i},${i},id-${i}`));
    const ws = await tempWorkspace({
      'p.prompt.yml': prompt,
      'c.csv': `q,extra,_id\nrow 10,10,\n${many.join('\n')}\n`,
      'a.csv': 'q,extra\nsame,1\nsame,1\n"two\nlines",2\n',
      'b.jsonl': '{"_id":"k","q":"x","extra":1}\n{"_id":"k","q":"y","extra":2}\n{"q":"no extra"}\n{bad\n',
    });
    try {
      const options = { workspaceRoot: ws.root };
      const all = await preparePromptText(prompt, ws.file('p.prompt.yml'), options);
      const opened = await openCaseStream(parsePromptFile(prompt, ws.file('p.prompt.yml')), options);
      const cases: EvalCase[] = [];
      for await (const c of casesOf(opened.stream)) cases.push(c);
      assert.equal(opened.stream.count, all.cases.length);
      assert.equal(cases.length, 3 + 3 + 1 + 3001);
      assert.ok(all.diagnostics.some((d) => d.message === '_id "id-7" is used by more than one row'));
      assert.deepEqual(
        cases.map((c) => [c.id, c.vars, c.source.range.start.line]),
        all.cases.map((c) => [c.id, c.vars, c.source.range.start.line]),
      );
      const sorted = (ds: typeof all.diagnostics) => ds.map((d) => `${d.file}:${d.range.start.line}:${d.code}`).sort();
      assert.deepEqual(sorted(opened.diagnostics), sorted(all.diagnostics));
      assert.deepEqual(opened.datasets, all.datasets);
      const again: string[] = [];
      for await (const c of casesOf(opened.stream)) again.push(c.id);
      assert.deepEqual(
        again,
        cases.map((c) => c.id),
      );
    } finally {
      await ws.remove();
    }
  });

  it('estimating a stream gives the estimate of the loaded rows: every encoding, counter, judge and the largest request', async () => {
    const rows = Array.from({ length: 600 }, (_, i) =>
      JSON.stringify({
        q: `question ${i} ${'long '.repeat(i % 37)}`,
        ...(i % 50 === 0 ? { _evaluators: [{ name: 'judge', llm: { modelId: 'openai/gpt-4o-mini', prompt: 'ok? {{completion}}', choices: [{ choice: 'yes', score: 1 }] } }] } : {}),
      }),
    ).join('\n');
    const prompt = `model: openai/gpt-4o\nmessages:\n  - role: user\n    content: "{{q}}"\nworkbench:\n  dataset: rows.jsonl\n  models: [openai/gpt-4, lm/own]\n`;
    const ws = await tempWorkspace({ 'p.prompt.yml': prompt, 'rows.jsonl': `${rows}\n` });
    try {
      const options = { workspaceRoot: ws.root };
      const all = await preparePromptText(prompt, ws.file('p.prompt.yml'), options);
      const opened = await openCaseStream(parsePromptFile(prompt, ws.file('p.prompt.yml')), options);
      const own = async (messages: readonly { content: string }[]) => messages.reduce((n, m) => n + m.content.length, 0);
      const input = { prompt: all.parsed.prompt!, pricing: BUNDLED_PRICING, counters: { 'lm/own': own } };
      const loaded = await estimateRun({ ...input, cases: all.cases });
      const streamed = await estimateRun({ ...input, cases: opened.stream });
      assert.equal(loaded.cases, 600);
      assert.deepEqual(streamed, loaded);
      assert.deepEqual(
        loaded.models.map((m) => m.encoding),
        ['o200k_base', 'cl100k_base', 'o200k_base'],
      );
      assert.equal(loaded.judgeRequests, 12 * 3);
      assert.ok(loaded.models.every((m) => m.maxInputTokens > m.inputTokensPerCase));
    } finally {
      await ws.remove();
    }
  });

  it('a dataset that is not UTF-8 contributes no rows, streamed or not', async () => {
    const prompt = `model: openai/gpt-4o\nmessages:\n  - role: user\n    content: "{{q}}"\nworkbench:\n  dataset: [good.jsonl, bad.jsonl]\n`;
    const ws = await tempWorkspace({
      'p.prompt.yml': prompt,
      'good.jsonl': '{"q":"a"}\n',
      'bad.jsonl': Buffer.concat([Buffer.from('{"q":"b"}\n{"q":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]),
    });
    try {
      const opened = await openCaseStream(parsePromptFile(prompt, ws.file('p.prompt.yml')), { workspaceRoot: ws.root });
      assert.equal(opened.stream.count, 1);
      assert.deepEqual(
        opened.diagnostics.map((d) => [d.code, d.range.start.line]),
        [['dataset/encoding', 1]],
      );
    } finally {
      await ws.remove();
    }
  });
});

describe('run records, version 2', () => {
  it('the summary accumulated result by result equals the summary of all results', () => {
    const result = fc.record({
      caseId: fc.constantFrom('a', 'b', 'c', 'd'),
      model: fc.constantFrom('m/1', 'm/2'),
      repeat: fc.integer({ min: 0, max: 2 }),
      status: fc.constantFrom('passed', 'failed', 'errored', 'cancelled'),
      costUsd: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
      latencyMs: fc.integer({ min: 0, max: 5000 }),
      cacheHit: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(result, { maxLength: 60 }), (partial) => {
        const results = partial.map((r) => ({ ...r, messages: [], evaluations: [], attempts: 1, startedAt: '' }));
        const accumulator = createSummaryAccumulator(
          ['m/1', 'm/2'],
          results.some((r) => r.repeat > 0),
        );
        for (const r of results) accumulator.add(r);
        assert.deepEqual(accumulator.summary(5), summarize(results, ['m/1', 'm/2'], 5));
        // Cache hits count at the latency their answer had when produced (issue 18.2).
        const latencies = results.filter((r) => r.status !== 'cancelled').map((r) => r.latencyMs);
        if (latencies.length) assert.equal(summarize(results, ['m/1', 'm/2'], 5).latencyMs?.p95, percentile(latencies, 95));
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('a record read back is the record written; a torn last line (a killed writer) is skipped, and the summary is recomputed', async () => {
    const ws = await tempWorkspace({});
    try {
      const file = ws.file('r.jsonl');
      const writer = await openRecordWriter(file, 5);
      const header = {
        schema: 'prompt-workbench/run-record' as const,
        version: 2,
        id: 'r',
        startedAt: new Date().toISOString(),
        tool: { name: 'prompt-workbench' as const, version: 't' },
        prompt: { path: 'p.prompt.yml', contentHash: 'h', content: '', datasets: [] },
        models: ['m/1'],
        parameters: {},
        options: { repeat: 1, concurrency: 1, cache: false, timeoutMs: 1, maxRetries: 0 },
      };
      writer.write({ type: 'header', ...header });
      writer.write({ type: 'case', id: 'a', label: 'a', vars: { q: 1 }, source: { file: 'p.prompt.yml', range: { start: { line: 1, column: 0 }, end: { line: 1, column: 5 } } } });
      const passed: CaseResult = {
        caseId: 'a',
        model: 'm/1',
        repeat: 0,
        status: 'passed',
        messages: [],
        evaluations: [],
        costUsd: 0.5,
        latencyMs: 10,
        cacheHit: false,
        attempts: 1,
        startedAt: header.startedAt,
      };
      writer.write({ type: 'result', ...passed });
      await writer.close();
      await writeFile(file, `${await readFile(file, 'utf8')}{"type":"result","caseId":"b","mod`);
      const record = await readRecord(file);
      assert.equal(record.status, 'running', 'no end line: the run was cut short');
      assert.deepEqual(record.results, [passed]);
      assert.equal(record.summary.passed, 1);
      assert.equal(record.summary.costUsd, 0.5);
      const kinds: string[] = [];
      for await (const line of streamRecordLines(file)) kinds.push(line.type);
      assert.deepEqual(kinds, ['header', 'case', 'result']);
    } finally {
      await ws.remove();
    }
  });
});
