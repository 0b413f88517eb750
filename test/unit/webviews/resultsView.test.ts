import test from 'node:test';
import assert from 'node:assert/strict';
import { summarizeGroup } from '../../../src/core/record/summary.js';
import { DEFAULT_UI, type UiState } from '../../../src/shared/protocol.js';
import { resultsView } from '../../../src/shared/resultsView.js';
import { visibleRows } from '../../../src/shared/visibleRows.js';
import { fixtureRecord } from '../../../bench/webviewFixture.js';
import { makeRecord } from './records.js';

const A = 'x/a';
const B = 'x/b';
const ui = (patch: Partial<UiState['filter']> = {}, sort: UiState['sort'] = null): UiState => ({ filter: { ...DEFAULT_UI.filter, ...patch }, sort });

const record = makeRecord({
  models: [A, B],
  cases: ['france', 'kenya', 'japan'],
  // Finish order differs from dataset order on purpose.
  results: [
    ['kenya', B, 'passed', { latencyMs: 50, output: 'Nairobi' }],
    ['france', A, 'passed', { latencyMs: 300, output: 'Paris' }],
    ['kenya', A, 'failed', { latencyMs: 20, output: '<img src=x onerror="alert(1)">Nairobi', costUsd: null }],
    ['japan', A, 'errored', { latencyMs: 900, output: undefined, error: { kind: 'http', message: 'boom', status: 500 }, evaluations: [] }],
    ['france', B, 'passed', { latencyMs: 200 }],
    ['japan', B, 'passed', { latencyMs: 10, cacheHit: true }],
  ],
});

test('rows come in dataset order, then model order, whatever order results finished in', () => {
  const view = resultsView(record);
  assert.deepEqual(
    view.rows.map((r) => r.key),
    ['france/x/a/0', 'france/x/b/0', 'kenya/x/a/0', 'kenya/x/b/0', 'japan/x/a/0', 'japan/x/b/0'],
  );
});

test('columns: model column only with several models, one per evaluator, no repeat column for single runs', () => {
  const ids = resultsView(record).columns.map((c) => c.id);
  assert.deepEqual(ids, ['case', 'model', 'status', 'vars', 'output', 'eval:check', 'tokens', 'latency', 'cost', 'cache', 'error']);
  const single = makeRecord({ models: [A], cases: ['a'], results: [['a', A, 'passed']], repeat: 3 });
  assert.ok(!resultsView(single).columns.some((c) => c.id === 'model'));
  assert.ok(resultsView(single).columns.some((c) => c.id === 'repeat'));
});

test('filters: failed only, failing evaluator, text search (case-insensitive, over outputs and reasons)', () => {
  const view = resultsView(record);
  assert.deepEqual(
    visibleRows(view, ui({ failedOnly: true })).map((r) => r.key),
    ['kenya/x/a/0', 'japan/x/a/0'],
  );
  assert.deepEqual(
    visibleRows(view, ui({ evaluator: 'check' })).map((r) => r.key),
    ['kenya/x/a/0'],
  );
  assert.deepEqual(
    visibleRows(view, ui({ search: 'NAIROBI' })).map((r) => r.key),
    ['kenya/x/a/0', 'kenya/x/b/0'],
  );
  assert.deepEqual(
    visibleRows(view, ui({ search: 'boom' })).map((r) => r.key),
    ['japan/x/a/0'],
  );
  assert.deepEqual(visibleRows(view, ui({ failedOnly: true, search: 'paris' })), []);
});

test('sort by any column, both directions; unknown values (no price) last either way; ties keep dataset order', () => {
  const view = resultsView(record);
  const keys = (column: string, descending: boolean) => visibleRows(view, ui({}, { column, descending })).map((r) => r.key);
  assert.deepEqual(keys('latency', false), ['japan/x/b/0', 'kenya/x/a/0', 'kenya/x/b/0', 'france/x/b/0', 'france/x/a/0', 'japan/x/a/0']);
  assert.deepEqual(keys('latency', true), ['japan/x/a/0', 'france/x/a/0', 'france/x/b/0', 'kenya/x/b/0', 'kenya/x/a/0', 'japan/x/b/0']);
  assert.equal(keys('cost', false).at(-1), 'kenya/x/a/0');
  assert.equal(keys('cost', true).at(-1), 'kenya/x/a/0');
  assert.deepEqual(keys('status', false).slice(0, 4), ['france/x/a/0', 'france/x/b/0', 'kenya/x/b/0', 'japan/x/b/0']);
  for (const column of view.columns) assert.equal(keys(column.id, false).length, 6, `sorting by ${column.id} keeps every row`);
});

test('totals of all rows are the run summary; of filtered rows, the summary of those results', () => {
  const big = fixtureRecord({ cases: 300, models: [A, B], seed: 3 });
  const view = resultsView(big);
  const all = view.totals(view.rows);
  const s = big.summary;
  assert.equal(all.status.text, `${s.passed}/${s.passed + s.failed + s.errored} · ${(s.passRate! * 100).toFixed(1)}%`);
  assert.equal(all.status.sub, `95% CI ${(s.passRateInterval![0] * 100).toFixed(1)}–${(s.passRateInterval![1] * 100).toFixed(1)}%`);
  assert.equal(all.latency.text, `p50 ${Math.round(s.latencyMs!.p50)} ms`);
  assert.equal(all.latency.sub, `p95 ${Math.round(s.latencyMs!.p95)} ms`);
  const failed = visibleRows(view, ui({ failedOnly: true }));
  const expected = summarizeGroup(failed.map((r) => r.result));
  assert.equal(view.totals(failed).status.text, `0/${expected.failed + expected.errored} · 0.0%`);
  assert.equal(view.totals(failed).case.text, 'Totals');
  assert.equal(view.totals(failed).case.sub, `${failed.length} results`);
});

test('repeated runs: the totals interval is the bootstrap over cases the record summary has', () => {
  const repeated = fixtureRecord({ cases: 40, models: [A], repeat: 3, seed: 5 });
  const view = resultsView(repeated);
  const [low, high] = repeated.summary.passRateInterval!;
  assert.equal(view.totals(view.rows).status.sub, `95% CI ${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%`);
  assert.match(view.summary[0].cards[0].detail!, /\(bootstrap\)/);
});

test('cells: outputs are plain text previews on one line, JSON compacted, errors as text', () => {
  const view = resultsView(record);
  const output = view.columns.find((c) => c.id === 'output')!;
  const kenya = view.rows.find((r) => r.key === 'kenya/x/a/0')!;
  assert.equal(output.cell(kenya).text, '<img src=x onerror="alert(1)">Nairobi');
  const error = view.columns.find((c) => c.id === 'error')!;
  assert.equal(error.cell(view.rows.find((r) => r.key === 'japan/x/a/0')!).text, 'http 500: boom');
  const json = resultsView(makeRecord({ models: [A], cases: ['j'], results: [['j', A, 'passed', { output: '{\n "a": 1\n}', json: { a: 1 } }]] }));
  assert.equal(json.columns.find((c) => c.id === 'output')!.cell(json.rows[0]).text, '{"a":1}');
  assert.equal(json.details(json.rows[0]).blocks[0].text, '{\n  "a": 1\n}');
});

test('details offer opening the case, reviewing the result, accepting its output and diffing it with the other models', () => {
  const view = resultsView(record);
  const details = view.details(view.rows[0]);
  assert.deepEqual(
    details.actions.map((a) => a.label),
    ['Open case in dataset', 'Mark pass', 'Mark fail', 'Accept output as expected', 'Diff output with x/b'],
  );
  assert.deepEqual(details.actions[1].message, { type: 'review', result: { recordId: record.id, caseId: 'france', model: A, repeat: 0 }, verdict: 'pass' });
  assert.deepEqual(details.actions[4].message, {
    type: 'diffOutputs',
    left: { recordId: record.id, caseId: 'france', model: A, repeat: 0 },
    right: { recordId: record.id, caseId: 'france', model: B, repeat: 0 },
  });
});

test('money: a lower bound is marked, and nothing priced at all is "n/a", not "$0"', async () => {
  const { usd } = await import('../../../src/shared/format.js');
  assert.equal(usd(0.0123), '$0.0123');
  assert.equal(usd(0.0123, true), '≥$0.0123');
  assert.equal(usd(0, true), 'n/a');
  assert.equal(usd(0), '$0');
  assert.equal(usd(null), 'n/a');
});
