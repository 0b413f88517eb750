import test from 'node:test';
import assert from 'node:assert/strict';
import { latencyChart } from '../../../src/shared/charts.js';
import { pagedView, MAX_PAGE } from '../../../src/shared/pagedView.js';
import { DEFAULT_UI, isWebviewMessage, type RowsRequest, type UiState } from '../../../src/shared/protocol.js';
import { resultsView } from '../../../src/shared/resultsView.js';
import { visibleRows } from '../../../src/shared/visibleRows.js';
import { fixtureRecord } from '../../../bench/webviewFixture.js';
import { makeRecord } from './records.js';

// The host's side of a view (src/shared/pagedView.ts): what the webview gets is the frame and the
// pages it asks for, and those must say exactly what the whole view model says.

const MODELS = ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini'];
const FAILED_BY_LATENCY: UiState = { filter: { ...DEFAULT_UI.filter, failedOnly: true }, sort: { column: 'latency', descending: true } };

function request(ui: UiState, start: number, count: number, extra: Partial<RowsRequest> = {}): RowsRequest {
  return { seq: 1, ui, start, count, ...extra };
}

test('pages are windows of the filtered, sorted rows: keys and cells as the view model draws them', () => {
  const record = fixtureRecord({ cases: 300, models: MODELS, seed: 3 });
  const view = pagedView({ kind: 'results', record });
  const model = resultsView(record);
  const expected = visibleRows(model, FAILED_BY_LATENCY);
  assert.ok(expected.length > 60, 'the fixture has enough failures to page');

  const page = view.page(request(FAILED_BY_LATENCY, 40, 25));
  assert.equal(page.type, 'rows');
  assert.equal(page.total, expected.length);
  assert.equal(page.start, 40);
  assert.deepEqual(
    page.rows.map((r) => r.key),
    expected.slice(40, 65).map((r) => r.key),
  );
  assert.deepEqual(
    page.rows[3].cells,
    model.columns.map((c) => c.cell(expected[43])),
  );
  assert.deepEqual(
    view.frame.columns.map((c) => c.id),
    model.columns.map((c) => c.id),
  );
});

test('the totals row is of every filtered row, not of the page', () => {
  const record = fixtureRecord({ cases: 200, models: MODELS, seed: 5 });
  const view = pagedView({ kind: 'results', record });
  const model = resultsView(record);
  const shown = visibleRows(model, FAILED_BY_LATENCY);
  const totals = model.totals(shown);
  const page = view.page(request(FAILED_BY_LATENCY, 0, 5));
  assert.deepEqual(
    page.totals,
    model.columns.map((c) => totals[c.id] ?? { text: '' }),
  );
  assert.match(page.totals[0].sub ?? '', new RegExp(`^${shown.length} results$`));
});

test("sorting never moves the totals row: a repeated run's interval is taken over the filtered rows in dataset order", () => {
  const record = fixtureRecord({ cases: 300, models: MODELS, seed: 9, repeat: 3 });
  const view = pagedView({ kind: 'results', record });
  const filter = { ...DEFAULT_UI.filter, search: 'alpha' };
  const unsorted = view.page(request({ filter, sort: null }, 0, 5)).totals;
  for (const sort of [
    { column: 'cost', descending: false },
    { column: 'latency', descending: true },
    { column: 'status', descending: false },
  ])
    assert.deepEqual(view.page(request({ filter, sort }, 0, 5)).totals, unsorted, `sorted by ${sort.column}`);
  // Unfiltered, the totals are the run's summary above the table, interval and all.
  const all = view.page(request({ filter: DEFAULT_UI.filter, sort: { column: 'latency', descending: true } }, 0, 5)).totals;
  const interval = /95% CI [\d.]+–[\d.]+%/.exec(JSON.stringify(view.frame.summary[0].cards[0]))?.[0];
  assert.ok(interval, 'the summary states an interval');
  assert.equal(all.find((cell) => cell.text.includes('/'))?.sub, interval);
});

test('a request past the end gets no rows; a huge one is capped; the seq comes back', () => {
  const view = pagedView({ kind: 'results', record: fixtureRecord({ cases: 1500, models: MODELS, seed: 1 }) });
  const past = view.page(request(DEFAULT_UI, 10_000, 50, { seq: 7 }));
  assert.deepEqual([past.seq, past.total, past.start, past.rows.length], [7, 3000, 3000, 0]);
  assert.equal(view.page(request(DEFAULT_UI, 0, 1_000_000)).rows.length, MAX_PAGE);
});

test('locate tells where the active row went after a filter or sort change, -1 when filtered out', () => {
  const record = makeRecord({
    models: ['m'],
    cases: ['a', 'b', 'c', 'd'],
    results: [
      ['a', 'm', 'passed', { latencyMs: 10 }],
      ['b', 'm', 'failed', { latencyMs: 40 }],
      ['c', 'm', 'failed', { latencyMs: 30 }],
      ['d', 'm', 'passed', { latencyMs: 20 }],
    ],
  });
  const view = pagedView({ kind: 'results', record });
  assert.equal(view.page(request(FAILED_BY_LATENCY, 0, 10, { locate: 'c/m/0' })).located, 1);
  assert.equal(view.page(request(FAILED_BY_LATENCY, 0, 10, { locate: 'a/m/0' })).located, -1);
  assert.equal(view.page(request(DEFAULT_UI, 0, 10)).located, undefined);
});

test('details by key; a key that is gone gets null', () => {
  const record = makeRecord({ models: ['m'], cases: ['a'], results: [['a', 'm', 'failed']] });
  const view = pagedView({ kind: 'results', record });
  assert.equal(view.details('a/m/0')?.title, 'a · m');
  assert.equal(view.details('zzz/m/0'), null);
});

test('the frame carries no rows and no results: it is the same size for 100 and 20,000 cases', () => {
  const size = (cases: number) => JSON.stringify(pagedView({ kind: 'results', record: fixtureRecord({ cases, models: MODELS, seed: 9 }) }).frame).length;
  const small = size(100);
  const large = size(20_000);
  assert.ok(large < small * 1.5, `frame ${small} → ${large} bytes`);
  assert.ok(large < 50_000, `frame of 40,000 results is ${large} bytes`);
});

test('progress names each shown run still running, with its results so far', () => {
  const record = { ...makeRecord({ models: ['m'], cases: ['a', 'b', 'c'], results: [['a', 'm', 'passed']] }), status: 'running' as const };
  assert.equal(pagedView({ kind: 'results', record }).frame.progress, 'running… 1/3');
  const done = makeRecord({ models: ['m'], cases: ['a'], results: [['a', 'm', 'passed']] });
  assert.equal(pagedView({ kind: 'versions', before: { label: 'HEAD', record: done }, after: { label: 'working copy', record } }).frame.progress, 'running… 1/3');
  assert.equal(pagedView({ kind: 'models', record: done }).frame.progress, '');
});

test('the latency chart takes 300,000 latencies (no large array spread into a call)', () => {
  const latencies = Array.from({ length: 300_000 }, (_, i) => i % 997);
  assert.match(JSON.stringify(latencyChart([{ label: 'm', latencies }])), /p50 498 ms/);
});

test('the host accepts rows and details requests only in their shape', () => {
  assert.ok(isWebviewMessage({ type: 'rows', seq: 1, ui: DEFAULT_UI, start: 0, count: 10 }));
  assert.ok(isWebviewMessage({ type: 'rows', seq: 2, ui: DEFAULT_UI, start: 5, count: 10, locate: 'a/m/0' }));
  assert.ok(isWebviewMessage({ type: 'details', key: 'a/m/0' }));
  for (const bad of [
    { type: 'rows', seq: 1, ui: DEFAULT_UI, start: -1, count: 10 },
    { type: 'rows', seq: 1, ui: DEFAULT_UI, start: 0.5, count: 10 },
    { type: 'rows', seq: 1, ui: { filter: {} }, start: 0, count: 10 },
    { type: 'rows', seq: 1, ui: DEFAULT_UI, start: 0, count: 10, locate: 3 },
    { type: 'details', key: 1 },
  ]) {
    assert.equal(isWebviewMessage(bad), false, JSON.stringify(bad));
  }
});
