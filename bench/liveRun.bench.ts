// What the editor does on each update of a run in progress, at 1,000 / 10,000 / 100,000 results:
// the work behind Problems, the row marks and their hovers, the Testing view, a partial run's
// picture and an open results or compare-models view's frame, on the extension host's thread. Figures and ratios only; nothing is asserted. The
// outcomes of the cases are made once per update and shared (ResultsStore.outcomes); each update
// remakes only the cases that got results since, and Problems and the row texts are kept per
// outcome, so "kept" rows are what an update costs once the first has run.
//
//   npx tsc -p tsconfig.json && node out/bench/liveRun.bench.js [--sizes 1000,10000,100000]
//
// The "all made" rows are what every update cost before the outcome index, and what the first
// update of a run costs still. The runner waits ten times an update's cost before the next
// (src/extension/run/runner.ts, LIVE_COST_FACTOR), so these figures decide how long a task an
// update is on the host, and how often a big run's marks move.

import { parseArgs } from 'node:util';
import { groupBy } from '../src/core/groupBy.js';
import type { FinishedRun, RunRecord } from '../src/core/record/types.js';
import { resultHoverMarkdown } from '../src/extension/editor/resultHover.js';
import { decorationText } from '../src/extension/editor/decorationText.js';
import { resultProblems } from '../src/extension/problems/resultProblems.js';
import { outcomesByCase, type CaseOutcome } from '../src/extension/run/caseOutcome.js';
import { createOutcomeIndex } from '../src/extension/run/outcomeIndex.js';
import { pictureWith } from '../src/extension/run/picture.js';
import { DEFAULT_UI } from '../src/shared/protocol.js';
import { pagedView } from '../src/shared/pagedView.js';
import { fixtureRecord } from './webviewFixture.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,100000' } } });
const MODELS = ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini', 'openai/gpt-4.1'];

/** The median of 5 timed calls, after one untimed. */
function timed(fn: () => unknown): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[2];
}

/** One call of `fn` on what `setup` makes, untimed (what the first update of a run pays). */
function once<T>(fn: (input: T) => unknown, setup: () => T): number {
  const input = setup();
  const started = performance.now();
  fn(input);
  return performance.now() - started;
}

interface Row {
  results: number;
  figures: Record<string, number>;
}

const rows: Row[] = [];
for (const size of values.sizes.split(',').map(Number)) {
  const record = fixtureRecord({ cases: Math.ceil(size / MODELS.length), models: MODELS, seed: 7 });
  const cases = record.cases.map((c) => ({ id: c.id, label: c.label, file: '/ws/cases.jsonl', range: c.source.range }));
  const run: FinishedRun = { record };
  // A run of 100 cases (▶ Run case on a selection) landing inside the latest full run's picture.
  const partialIds = record.cases.slice(0, 100).map((c) => c.id);
  const partial: FinishedRun = { record: { ...record, cases: record.cases.slice(0, 100), results: record.results.filter((r) => partialIds.includes(r.caseId)) } };
  const middle = record.cases[Math.floor(record.cases.length / 2)];
  const outcomes = outcomesByCase(record.results, record.reviews);
  // The last 1 % of the results arriving in one live update: the index remakes only their cases.
  // Lending (another record object: a finished run, a partial run's picture) compares every case.
  const earlier = outcomesByCase(record.results.slice(0, Math.floor(record.results.length * 0.99)), record.reviews);
  const update = () => {
    const growing = { results: record.results.slice(0, Math.floor(record.results.length * 0.99)), reviews: record.reviews };
    const index = createOutcomeIndex();
    index(growing);
    growing.results.push(...record.results.slice(growing.results.length));
    return () => index(growing);
  };
  // A results or compare-models view open on the run: its frame (view model and first page) made
  // from all results, and made after 1 % more came, from what the last frame kept (resultsTally.ts,
  // modelsTally.ts).
  const viewFrame = (kind: 'results' | 'models') => (shown: RunRecord) => pagedView({ kind, record: shown }).page({ seq: 1, start: 0, count: 100, ui: DEFAULT_UI });
  const liveView = (kind: 'results' | 'models') => () => {
    const growing: RunRecord = { ...record, status: 'running', results: record.results.slice(0, Math.floor(record.results.length * 0.99)) };
    viewFrame(kind)(growing);
    for (let i = growing.results.length; i < record.results.length; i++) growing.results.push(record.results[i]);
    return growing;
  };
  const marks = (byCase: ReadonlyMap<string, CaseOutcome>) => {
    const texts = new WeakMap<CaseOutcome, string>();
    return () => [...byCase.values()].map((o) => texts.get(o) ?? (texts.set(o, decorationText(o)), texts.get(o)));
  };
  rows.push({
    results: record.results.length,
    figures: {
      'outcomes, all made': timed(() => outcomesByCase(record.results, record.reviews)),
      'outcomes, 1 % new results (index)': once((apply) => apply(), update),
      'outcomes, lent to another record': timed(() => outcomesByCase(record.results, record.reviews, earlier)),
      'Problems, all made (one call)': once(
        (fresh) => resultProblems(cases, fresh),
        () => outcomesByCase(record.results, record.reviews),
      ),
      'Problems, kept': timed(() => resultProblems(cases, outcomes)),
      'row marks text, all made': timed(() => [...outcomes.values()].map(decorationText)),
      'row marks text, kept': timed(marks(outcomes)),
      'one row hover': timed(() => resultHoverMarkdown({ label: middle.label, outcome: outcomes.get(middle.id)!, runStartedAt: record.startedAt })),
      'Testing view (group by case)': timed(() => groupBy(record.results, (r) => r.caseId)),
      'partial run picture': timed(() => pictureWith(run, partial, partialIds)),
      'results view frame, all made': timed(() => viewFrame('results')(record)),
      'results view frame, 1 % new results (kept)': once(viewFrame('results'), liveView('results')),
      'compare-models view frame, all made': timed(() => viewFrame('models')(record)),
      'compare-models view frame, 1 % new results (kept)': once(viewFrame('models'), liveView('models')),
    },
  });
}

const names = Object.keys(rows[0].figures);
const header = ['per update of a run', ...rows.map((r) => `${r.results.toLocaleString('en-US')} results`), ...rows.slice(1).map((r) => `× for ${(r.results / rows[0].results).toFixed(0)}× results`)];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => ' --- ').join('|')}|`);
for (const name of names) {
  const cells = rows.map((r) => `${r.figures[name].toFixed(1)} ms`);
  const ratios = rows.slice(1).map((r) => `${(r.figures[name] / rows[0].figures[name]).toFixed(1)}×`);
  console.log(`| ${[name, ...cells, ...ratios].join(' | ')} |`);
}
