import { caseModelKey, type ResultGroup } from '../core/compare/resultGroup.js';
import { classify, type VersionPair } from '../core/compare/pairs.js';
import { summarizeGroup } from '../core/record/summary.js';
import type { RunRecord } from '../core/record/types.js';
import { groupCharts } from './charts.js';
import { differenceBlock } from './differenceBlock.js';
import { ms, plural, usd } from './format.js';
import { outputPreview, outputText, varsText } from './outputText.js';
import { resultText, toolCallsPreview } from './conversationText.js';
import type { FilterState } from './protocol.js';
import { modelsTally, type ModelsRow } from './modelsTally.js';
import { isFailing, runSubtitle } from './resultsView.js';
import { headerLine, isRepeated, summaryBlock, totalsCells } from './summaryCards.js';
import { withReviewCards } from './reviewView.js';
import { matchesSearch, type Cell, type Column } from './table.js';
import { summarizeVersions } from './versionCompare.js';
import { groupStatusText, type Action, type Details, type SummaryBlock, type ViewModel } from './viewModel.js';

// The same cases across 2–6 models: a row per case, a column per model.

export function modelsRows(record: RunRecord): ModelsRow[] {
  return modelsTally(record).rows;
}

function failingCell(cell: ResultGroup | undefined): boolean {
  return !!cell && cell.results.some((r) => isFailing(r.status));
}

export function filterModelsRows(rows: readonly ModelsRow[], filter: FilterState): ModelsRow[] {
  const query = filter.search.trim();
  // Nothing to narrow by (the usual view of a run in progress, rebuilt every few hundred ms): no call per row.
  if (!filter.failedOnly && !filter.changedOnly && filter.evaluator === null && !query) return rows.slice();
  return rows.filter(
    (row) =>
      (!filter.failedOnly || row.cells.some(failingCell)) &&
      (!filter.changedOnly || row.disagree) &&
      (filter.evaluator === null || row.cells.some((c) => c?.results.some((r) => r.evaluations.some((v) => v.name === filter.evaluator && !v.passed)))) &&
      matchesSearch(row, query, (r) => [r.evalCase.id, r.evalCase.label, varsText(r.evalCase.vars), ...r.cells.map((c) => (c ? outputText(c.first) : ''))].join('\n')),
  );
}

/** A comparison cell: the output on the first line, verdict · latency · cost under it. */
export function groupCell(group: ResultGroup | undefined): Cell {
  if (!group) return { text: '…', sub: 'not run yet', tone: 'muted' };
  const status = groupStatusText(group.passed, group.decided, group.results.length, group.first.status);
  const failedChecks = group.first.evaluations.filter((v) => !v.passed).map((v) => v.name);
  return {
    text: outputPreview(group.first) || (group.first.error ? group.first.error.message : '(empty)'),
    sub: `${status.text} · ${ms(group.latencyMs)} · ${usd(group.costUsd, group.costIncomplete)}${group.cached ? ' (cached)' : ''}`,
    subTone: status.tone,
    title: [failedChecks.length ? `failed: ${failedChecks.join(', ')}` : '', group.first.trajectory ? `tool calls: ${toolCallsPreview(group.first)}` : ''].filter(Boolean).join('\n') || undefined,
  };
}

function modelColumns(record: RunRecord, headers: readonly string[]): Column<ModelsRow>[] {
  return [
    {
      id: 'case',
      title: 'Case',
      width: 'minmax(110px, 1fr)',
      sortKey: (row) => row.evalCase.label,
      cell: (row) => ({ text: row.evalCase.label, sub: row.disagree ? '≠ models disagree' : undefined, tone: row.disagree ? 'changed' : undefined }),
      exports: [
        { header: 'case id', value: (row) => row.evalCase.id },
        { header: 'case', value: (row) => row.evalCase.label },
        { header: 'models disagree', value: (row) => row.disagree },
      ],
    },
    {
      id: 'vars',
      title: 'Vars',
      width: 'minmax(110px, 1fr)',
      sortKey: (row) => varsText(row.evalCase.vars),
      cell: (row) => ({ text: varsText(row.evalCase.vars) }),
      exports: [{ header: 'vars', value: (row) => JSON.stringify(row.evalCase.vars) }],
    },
    ...record.models.map((model, i): Column<ModelsRow> => ({
      id: `model:${model}`,
      title: model,
      subtitle: headers[i],
      width: 'minmax(160px, 2fr)',
      sortKey: (row) => row.cells[i]?.passFraction ?? null,
      cell: (row) => groupCell(row.cells[i]),
      exports: [
        { header: `${model}: passed`, value: (row) => (row.cells[i] ? `${row.cells[i].passed}/${row.cells[i].decided}` : '') },
        { header: `${model}: output`, value: (row) => row.cells[i]?.first.output ?? '' },
        { header: `${model}: latency ms`, value: (row) => row.cells[i]?.latencyMs },
        { header: `${model}: cost usd`, value: (row) => row.cells[i]?.costUsd },
      ],
    })),
  ];
}

function modelsDetails(row: ModelsRow, record: RunRecord): Details {
  const blocks = record.models.flatMap((model, i) => {
    const cell = row.cells[i];
    if (!cell) return [{ title: model, text: 'not run yet', tone: 'muted' as const }];
    const status = groupStatusText(cell.passed, cell.decided, cell.results.length, cell.first.status);
    return [
      {
        title: `${model} — ${status.text} · ${ms(cell.latencyMs)} · ${usd(cell.costUsd, cell.costIncomplete)}`,
        text: resultText(cell.first, outputText(cell.first)),
        tone: status.tone,
      },
    ];
  });
  const actions: Action[] = [{ label: 'Open case in dataset', message: { type: 'openCase', recordId: record.id, caseId: row.evalCase.id } }];
  const [first, ...others] = record.models.map((model, i) => ({ model, cell: row.cells[i] })).filter((m) => m.cell);
  for (const other of others) {
    actions.push({
      label: `Diff ${first.model} ↔ ${other.model}`,
      message: {
        type: 'diffOutputs',
        left: { recordId: record.id, caseId: row.evalCase.id, model: first.model, repeat: first.cell!.first.repeat },
        right: { recordId: record.id, caseId: row.evalCase.id, model: other.model, repeat: other.cell!.first.repeat },
      },
    });
  }
  return {
    title: row.evalCase.label,
    fields: [
      ['Vars', varsText(row.evalCase.vars)],
      ['Models agree', row.disagree ? 'no' : 'yes'],
    ],
    blocks,
    actions,
  };
}

/**
 * The paired test of each model against the first one (the baseline a change of model is weighed
 * against), from the rows' cells: the grid is grouped once, where pairing each model's slice of
 * the record again took as long as the rest of the view at 100,000 results.
 */
export function modelDifferenceBlocks(record: RunRecord, rows: readonly ModelsRow[]): SummaryBlock[] {
  if (record.models.length < 2) return [];
  const [first, ...others] = record.models;
  return others.map((other, k) => differenceBlock(`${first} → ${other}`, summarizeVersions(columnPairs(rows, `${first} → ${other}`, k + 1), { before: first, after: other })));
}

/** The first model's cell paired with column `column`'s, per case: what pairVersions gives for two single-model runs. */
export function columnPairs(rows: readonly ModelsRow[], model: string, column: number): VersionPair[] {
  const pairs: VersionPair[] = [];
  for (const row of rows) {
    const before = row.cells[0];
    const after = row.cells[column];
    if (!before && !after) continue;
    pairs.push({ key: caseModelKey(row.evalCase.id, ''), caseId: row.evalCase.id, model, before, after, change: classify(before, after) });
  }
  return pairs;
}

export function modelsView(record: RunRecord): ViewModel<ModelsRow> {
  const repeated = isRepeated(record);
  const tally = modelsTally(record);
  const { rows, placed } = tally;
  const perModel = record.models.map((model, i) => ({ model, results: tally.byModel[i], summary: tally.summaries[i], latencies: tally.latencies[i] }));
  // A model whose results all sit in the grid (each under a case of the record) totals, for all
  // rows, to its column's summary: made once here, not again for every frame of a live run.
  const modelTotals = (shown: readonly ModelsRow[], i: number) =>
    shown.length === rows.length && placed[i] === perModel[i].results.length ? perModel[i].summary : summarizeGroup(shown.flatMap((row) => row.cells[i]?.results ?? []));
  return {
    kind: 'models',
    title: `Compare models: ${record.prompt.name ?? record.prompt.path}`,
    subtitle: runSubtitle(record),
    columns: modelColumns(
      record,
      perModel.map(({ summary }) => headerLine(summary)),
    ),
    rows,
    evaluators: tally.evaluators,
    changedLabel: 'Disagreements only',
    rowLines: 2,
    filter: filterModelsRows,
    summary: [...modelDifferenceBlocks(record, rows), ...perModel.map(({ model, summary, results }) => withReviewCards(summaryBlock(model, summary, repeated), { results, reviews: record.reviews }))],
    summaryGroup: 'Model',
    charts: groupCharts(perModel.map(({ model, summary, results, latencies }) => ({ label: model, summary, results, latencies }))),
    totals: (shown) => {
      const disagreements = plural(shown.filter((r) => r.disagree).length, 'disagreement');
      const totals: Record<string, Cell> = {
        case: { text: 'Totals', sub: `${plural(shown.length, 'case')} · ${disagreements}`, title: `Totals of the ${plural(shown.length, 'case')} shown; ${disagreements}` },
      };
      record.models.forEach((model, i) => {
        const cells = totalsCells(modelTotals(shown, i), repeated);
        totals[`model:${model}`] = {
          text: cells.status.text,
          sub: `${cells.cost.text} · ${cells.latency.text}${cells.latency.sub ? ` · ${cells.latency.sub}` : ''}`,
          title: `${cells.status.title}; cost ${cells.cost.text} (${cells.cost.sub})`,
        };
      });
      return totals;
    },
    details: (row) => modelsDetails(row, record),
    rowTone: (row) => (row.disagree ? 'changed' : undefined),
    actions: [],
  };
}
