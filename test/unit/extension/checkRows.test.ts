// A check's cases and rows cross from the analysis worker to the host as changes (checkRows.ts):
// whatever the sequence of checks, the host must end up with exactly what the worker had.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import { checkFromWire, checkToWire, type RowsCrossed } from '../../../src/extension/analysis/checkRows.js';
import type { RemoteCheck, WireCheck } from '../../../src/extension/analysis/workerProtocol.js';
import type { EvalCase } from '../../../src/core/dataset/row.js';

const FILE = '/w/many.prompt.yml';

function check(values: string[], options: { prompt?: boolean; sameData?: boolean } = {}): RemoteCheck {
  const rows = values.map((v) => ({ question: v }));
  const cases: EvalCase[] = values.map((v, i) => ({
    id: `row-${v}`,
    label: `question: ${v}`,
    vars: { question: v },
    evaluators: [],
    source: { file: FILE, range: { start: { line: 10 + i, column: 4 }, end: { line: 11 + i, column: 0 } } },
  }));
  const withPrompt = options.prompt !== false;
  const data = { model: 'openai/gpt-4o-mini', testData: options.sameData === false ? rows.map((r) => ({ ...r })) : rows };
  return {
    prepared: {
      parsed: { file: FILE, diagnostics: [], data, ...(withPrompt && { prompt: { messages: [], testData: rows } as never }) },
      cases: withPrompt ? cases : [],
      datasets: [],
      diagnostics: [],
    },
    landmarks: [],
    textHash: values.join(','),
  };
}

/** Sends `checks` from a worker's side to a host's, through a structured clone as postMessage makes; returns what the host got. */
function cross(checks: Array<{ check: RemoteCheck; keep: boolean }>): { received: RemoteCheck[]; sizes: number[] } {
  const worker: RowsCrossed = new Map();
  const host: RowsCrossed = new Map();
  const received: RemoteCheck[] = [];
  const sizes: number[] = [];
  for (const { check: c, keep } of checks) {
    const { wire, sent } = checkToWire(c, FILE, worker, keep);
    const bytes = v8.serialize(wire);
    sent();
    sizes.push(bytes.length);
    received.push(checkFromWire(v8.deserialize(bytes) as WireCheck, FILE, host, keep));
  }
  return { received, sizes };
}

test('the host rebuilds every check exactly, through edits, an error without a prompt and a provisional check', () => {
  const base = Array.from({ length: 2000 }, (_, i) => `q${i}`);
  const edited = base.map((v, i) => (i === 1000 ? 'edited' : v));
  const appended = [...edited, 'pasted'];
  const removed = appended.filter((_, i) => i !== 5);
  const checks = [
    { check: check(base), keep: true },
    { check: check(edited), keep: true },
    { check: check(appended), keep: true },
    { check: check(edited, { prompt: false }), keep: true },
    { check: check(removed), keep: true },
    { check: check([], { prompt: false }), keep: false },
    { check: check(base, { sameData: false }), keep: true },
    { check: check(base), keep: true },
  ];
  const { received, sizes } = cross(checks);
  received.forEach((got, i) => assert.deepEqual(got, checks[i].check, `check ${i}`));
  assert.ok(sizes[1] * 20 < sizes[0], `one edited row crosses as that row: ${sizes[1]} bytes against ${sizes[0]}`);
  assert.ok(sizes[2] * 20 < sizes[0], `a pasted row too: ${sizes[2]} bytes`);
  assert.ok(sizes[7] * 20 < sizes[0], `the same rows after a provisional check: ${sizes[7]} bytes`);
});

test('cases that did not change are the objects the host already had', () => {
  const base = Array.from({ length: 100 }, (_, i) => `q${i}`);
  const { received } = cross([
    { check: check(base), keep: true },
    { check: check(base.map((v, i) => (i === 50 ? 'x' : v))), keep: true },
  ]);
  const [first, second] = received.map((r) => r.prepared.cases);
  assert.equal(second[0], first[0]);
  assert.equal(second[99], first[99]);
  assert.notEqual(second[50], first[50]);
  assert.equal(second[50].id, 'row-x');
});
