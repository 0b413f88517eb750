import test from 'node:test';
import assert from 'node:assert/strict';
import type { CaseResult, RunRecord } from '../../../src/core/record/types.js';
import { DEFAULT_UI } from '../../../src/shared/protocol.js';
import { buildView } from '../../../src/shared/buildView.js';
import { modelsView } from '../../../src/shared/modelsView.js';
import { resultsView } from '../../../src/shared/resultsView.js';
import { shownRows } from '../../../src/shared/visibleRows.js';
import { fixtureRecord } from '../../../bench/webviewFixture.js';

// A results view and a compare-models view of a run in progress take in only the results added
// since their last build (resultsTally.ts, modelsTally.ts). Whatever order the results arrive in,
// each must show what a view made anew of the same results shows.

const MODELS = ['x/a', 'x/b'];

/** What a view shows, as plain data: rows in order, columns, evaluators, summary, charts, totals, a row's details. */
function shown(record: RunRecord, kind: 'results' | 'models' = 'results') {
  const view = buildView({ kind, record });
  const { rows, totals } = shownRows(view, DEFAULT_UI);
  const changed = shownRows(view, { ...DEFAULT_UI, filter: { ...DEFAULT_UI.filter, changedOnly: true, failedOnly: true } });
  return {
    keys: view.rows.map((r) => r.key),
    orders: view.rows.map((r) => r.order),
    cells: view.rows.map((r) => view.columns.map((c) => c.cell(r))),
    shownKeys: rows.map((r) => r.key),
    narrowed: changed.rows.map((r) => r.key),
    columns: view.columns.map((c) => ({ id: c.id, subtitle: c.subtitle })),
    evaluators: view.evaluators,
    summary: view.summary,
    charts: view.charts,
    totals,
    narrowedTotals: changed.totals,
    details: view.rows.length ? view.details(view.rows[view.rows.length - 1]) : null,
  };
}

/** The same record with its results in another array: nothing kept is found for it, so its view is made anew from all of them. */
const madeAnew = (record: RunRecord): RunRecord => ({ ...record, results: record.results.slice() });

/** A running record whose results arrive in `batches`, each a few results in shuffled order. */
function arriving(all: readonly CaseResult[], batches: number, shuffle: (batch: CaseResult[]) => CaseResult[]) {
  const base = fixtureRecord({ cases: 1, models: MODELS, seed: 1 });
  const record: RunRecord = { ...base, status: 'running', results: [] };
  const size = Math.ceil(all.length / batches);
  return {
    record,
    *steps() {
      for (let at = 0; at < all.length; at += size) {
        for (const r of shuffle(all.slice(at, at + size))) record.results.push(r);
        yield at;
      }
    },
  };
}

test('a live view that takes in each batch of results shows what a view made anew shows', () => {
  const full = fixtureRecord({ cases: 300, models: MODELS, seed: 3 });
  // Results of a case not in the record and of a model not in it go last; later batches bring
  // results that belong before earlier ones (a slow request), and a model's evaluator appears late.
  const stray: CaseResult[] = [
    { ...full.results[0], caseId: 'not-listed' },
    { ...full.results[1], model: 'x/other' },
  ];
  const late = full.results.slice(0, 40);
  const results = [...full.results.slice(40), ...stray, ...late];
  results[results.length - 1] = { ...results[results.length - 1], evaluations: [...results[results.length - 1].evaluations, { name: 'late one', kind: 'string', passed: false, reason: 'no' }] };
  const run = arriving(results, 9, (batch) => batch.reverse());
  run.record.cases = full.cases;
  run.record.models = full.models;
  for (const at of run.steps()) {
    for (const kind of ['results', 'models'] as const) assert.deepEqual(shown(run.record, kind), shown(madeAnew(run.record), kind), `${kind}, after the batch at ${at}`);
  }
  assert.ok(shown(run.record).evaluators.includes('late one'));
  assert.ok(shown(run.record, 'models').evaluators.includes('late one'));
  assert.equal(shown(run.record).keys.at(-1), `not-listed/${stray[0].model}/0`, 'a case not listed goes last');
});

test('the first repeat of a case, a review and a tool call arriving mid-run are taken in as a view made anew takes them', () => {
  const full = fixtureRecord({ cases: 60, models: MODELS, seed: 5, repeat: 2 });
  const firsts = full.results.filter((r) => r.repeat === 0);
  const repeats = full.results.filter((r) => r.repeat > 0);
  const run = arriving([...firsts, ...repeats], 4, (batch) => batch);
  run.record.cases = full.cases;
  run.record.models = full.models;
  run.record.options = { ...run.record.options, repeat: 1 };
  let step = 0;
  for (const at of run.steps()) {
    if (++step === 2) run.record.results.push({ ...firsts[0], caseId: full.cases[59].id, repeat: 3, trajectory: { turns: [], requests: 1, ended: 'answer' } });
    if (step === 3) run.record.reviews = [{ caseId: firsts[0].caseId, model: firsts[0].model, repeat: 0, verdict: 'fail', at: '2026-12-01T00:00:00.000Z' }];
    for (const kind of ['results', 'models'] as const) assert.deepEqual(shown(run.record, kind), shown(madeAnew(run.record), kind), `${kind}, after the batch at ${at}`);
  }
  const last = resultsView(run.record);
  assert.ok(
    last.columns.some((c) => c.id === 'repeat'),
    'repeats show their column once they arrive',
  );
  assert.ok(
    last.columns.some((c) => c.id === 'tools'),
    'and tool calls theirs',
  );
  assert.equal(last.rows[0].review?.verdict, 'fail');
});

test('a view made earlier keeps its rows when the run takes in more', () => {
  const full = fixtureRecord({ cases: 50, models: MODELS, seed: 9 });
  const run = arriving(full.results, 2, (batch) => batch);
  run.record.cases = full.cases;
  run.record.models = full.models;
  const steps = run.steps();
  steps.next();
  const results = resultsView(run.record);
  const models = modelsView(run.record);
  const counts = [results.rows.length, models.rows.filter((row) => row.cells.every(Boolean)).length];
  steps.next();
  assert.equal(resultsView(run.record).rows.length, full.results.length);
  assert.equal(modelsView(run.record).rows.filter((row) => row.cells.every(Boolean)).length, full.cases.length);
  assert.deepEqual([results.rows.length, models.rows.filter((row) => row.cells.every(Boolean)).length], counts, 'the views made before show what they showed');
});
