import { pairVersions, type Change, type VersionPair } from '../core/compare/pairs.js';
import type { ResultGroup } from '../core/compare/resultGroup.js';
import { summarizeGroup } from '../core/record/summary.js';
import type { RecordCase } from '../core/record/types.js';
import { groupCharts } from './charts.js';
import { differenceBlock } from './differenceBlock.js';
import { ms, plural, usd } from './format.js';
import { groupCell } from './modelsView.js';
import { outputText, varsText } from './outputText.js';
import { resultText } from './conversationText.js';
import type { FilterState, VersionSide } from './protocol.js';
import { evaluatorNames } from './evaluatorNames.js';
import { isFailing } from './resultsView.js';
import { headerLine, isRepeated, summaryBlock, totalsCells } from './summaryCards.js';
import { matchesSearch, type Cell, type Column, type TableRow } from './table.js';
import { summarizeVersions } from './versionCompare.js';
import { groupStatusText, type Action, type Details, type ViewModel } from './viewModel.js';

// Two versions of a prompt (a git revision and the working copy, or any two run records) on the
// same cases: a row per case (and model), with what changed.

export interface VersionRow extends TableRow {
  pair: VersionPair;
  evalCase?: RecordCase;
}

const CHANGE_CELLS: Record<Change, Cell> = {
  fixed: { text: '▲ fixed', tone: 'pass' },
  broke: { text: '▼ broke', tone: 'fail' },
  'same-pass': { text: '= same (pass)', tone: 'muted' },
  'same-fail': { text: '= same (fail)', tone: 'muted' },
  same: { text: '= same', tone: 'muted' },
  'only-before': { text: 'only before', tone: 'warn' },
  'only-after': { text: 'only after', tone: 'warn' },
  pending: { text: '… pending', tone: 'muted' },
};

const CHANGE_ORDER: Change[] = ['broke', 'fixed', 'same-fail', 'same', 'same-pass', 'only-before', 'only-after', 'pending'];

export function changeCell(change: Change): Cell {
  return CHANGE_CELLS[change];
}

function sideFailing(group: ResultGroup | undefined): boolean {
  return !!group && group.results.some((r) => isFailing(r.status));
}

export function filterVersionRows(rows: readonly VersionRow[], filter: FilterState): VersionRow[] {
  const query = filter.search.trim();
  const failsOn = (group: ResultGroup | undefined) => !!group && group.results.some((r) => r.evaluations.some((v) => v.name === filter.evaluator && !v.passed));
  return rows.filter(
    (row) =>
      (!filter.failedOnly || sideFailing(row.pair.before) || sideFailing(row.pair.after)) &&
      (!filter.changedOnly || row.pair.change === 'fixed' || row.pair.change === 'broke') &&
      (filter.evaluator === null || failsOn(row.pair.before) || failsOn(row.pair.after)) &&
      matchesSearch(row, query, (r) =>
        [r.pair.caseId, r.evalCase?.label, r.pair.model, varsText(r.evalCase?.vars), r.pair.before ? outputText(r.pair.before.first) : '', r.pair.after ? outputText(r.pair.after.first) : ''].join(
          '\n',
        ),
      ),
  );
}

function versionColumns(before: VersionSide, after: VersionSide, showModel: boolean, headers: { before: string; after: string }): Column<VersionRow>[] {
  const side = (id: 'before' | 'after', version: VersionSide): Column<VersionRow> => ({
    id,
    title: version.label,
    subtitle: headers[id],
    width: 'minmax(180px, 2fr)',
    sortKey: (row) => row.pair[id]?.passFraction ?? null,
    cell: (row) => groupCell(row.pair[id]),
    exports: [
      { header: `${version.label}: passed`, value: (row) => (row.pair[id] ? `${row.pair[id].passed}/${row.pair[id].decided}` : '') },
      { header: `${version.label}: output`, value: (row) => row.pair[id]?.first.output ?? '' },
      { header: `${version.label}: latency ms`, value: (row) => row.pair[id]?.latencyMs },
      { header: `${version.label}: cost usd`, value: (row) => row.pair[id]?.costUsd },
    ],
  });
  const columns: Array<Column<VersionRow> | false> = [
    {
      id: 'case',
      title: 'Case',
      width: 'minmax(110px, 1fr)',
      sortKey: (row) => row.evalCase?.label ?? row.pair.caseId,
      cell: (row) => ({ text: row.evalCase?.label ?? row.pair.caseId }),
      exports: [
        { header: 'case id', value: (row) => row.pair.caseId },
        { header: 'case', value: (row) => row.evalCase?.label ?? row.pair.caseId },
      ],
    },
    showModel && {
      id: 'model',
      title: 'Model',
      width: 'minmax(120px, 1fr)',
      sortKey: (row) => row.pair.model,
      cell: (row) => ({ text: row.pair.model }),
      exports: [{ header: 'model', value: (row) => row.pair.model }],
    },
    {
      id: 'change',
      title: 'Change',
      width: '118px',
      sortKey: (row) => CHANGE_ORDER.indexOf(row.pair.change),
      cell: (row) => changeCell(row.pair.change),
      exports: [{ header: 'change', value: (row) => row.pair.change }],
    },
    side('before', before),
    side('after', after),
    {
      id: 'vars',
      title: 'Vars',
      width: 'minmax(110px, 1fr)',
      sortKey: (row) => varsText(row.evalCase?.vars),
      cell: (row) => ({ text: varsText(row.evalCase?.vars) }),
      exports: [{ header: 'vars', value: (row) => JSON.stringify(row.evalCase?.vars ?? {}) }],
    },
  ];
  return columns.filter((c): c is Column<VersionRow> => c !== false);
}

function sideBlock(version: VersionSide, group: ResultGroup | undefined): Details['blocks'][number] {
  if (!group) return { title: version.label, text: 'no result for this case', tone: 'muted' };
  const status = groupStatusText(group.passed, group.decided, group.results.length, group.first.status);
  return {
    title: `${version.label} — ${status.text} · ${ms(group.latencyMs)} · ${usd(group.costUsd, group.costIncomplete)}`,
    text: resultText(group.first, outputText(group.first)),
    tone: status.tone,
  };
}

function versionDetails(row: VersionRow, before: VersionSide, after: VersionSide): Details {
  const { pair } = row;
  const actions: Action[] = [];
  if (pair.before && pair.after) {
    actions.push({
      label: 'Diff outputs',
      message: {
        type: 'diffOutputs',
        left: { recordId: before.record.id, caseId: pair.caseId, model: pair.before.first.model, repeat: pair.before.first.repeat },
        right: { recordId: after.record.id, caseId: pair.caseId, model: pair.after.first.model, repeat: pair.after.first.repeat },
      },
    });
  }
  actions.push({ label: 'Open case in dataset', message: { type: 'openCase', recordId: (pair.after ? after : before).record.id, caseId: pair.caseId } });
  return {
    title: `${row.evalCase?.label ?? pair.caseId}${pair.model ? ` · ${pair.model}` : ''}`,
    fields: [
      ['Change', changeCell(pair.change).text],
      ['Vars', varsText(row.evalCase?.vars)],
    ],
    blocks: [sideBlock(before, pair.before), sideBlock(after, pair.after)],
    actions,
  };
}

export function versionsView(before: VersionSide, after: VersionSide): ViewModel<VersionRow> {
  const pairs = pairVersions(before.record, after.record);
  const cases = new Map([...before.record.cases, ...after.record.cases].map((c) => [c.id, c]));
  const rows: VersionRow[] = pairs.map((pair, order) => ({ order, key: pair.key, pair, evalCase: cases.get(pair.caseId) }));
  const summary = summarizeVersions(pairs, { before: before.label, after: after.label });
  const showModel = new Set(pairs.map((p) => p.model)).size > 1 || before.record.models.join() !== after.record.models.join();
  const sides = [before, after].map((side) => ({ side, summary: summarizeGroup(side.record.results), repeated: isRepeated(side.record) }));
  // A side whose results are all paired totals, for all rows, to its summary above (see modelsView).
  const placed = (id: 'before' | 'after') => pairs.reduce((sum, pair) => sum + (pair[id]?.results.length ?? 0), 0);
  const whole = { before: placed('before') === before.record.results.length, after: placed('after') === after.record.results.length };
  const sideTotals = (shown: readonly VersionRow[], id: 'before' | 'after') =>
    shown.length === rows.length && whole[id] ? sides[id === 'before' ? 0 : 1].summary : summarizeGroup(shown.flatMap((r) => r.pair[id]?.results ?? []));
  return {
    kind: 'versions',
    title: `Compare versions: ${after.record.prompt.name ?? after.record.prompt.path}`,
    subtitle: `${before.label} → ${after.label} · ${after.record.prompt.path}`,
    columns: versionColumns(before, after, showModel, { before: headerLine(sides[0].summary), after: headerLine(sides[1].summary) }),
    rows,
    evaluators: [...new Set([...evaluatorNames(before.record.results), ...evaluatorNames(after.record.results)])],
    changedLabel: 'Fixed or broke only',
    rowLines: 2,
    filter: filterVersionRows,
    summary: [differenceBlock('Difference', summary), ...sides.map(({ side, summary: s, repeated }) => summaryBlock(side.label, s, repeated))],
    summaryGroup: 'Version',
    charts: groupCharts(sides.map(({ side, summary }) => ({ label: side.label, summary, results: side.record.results }))),
    totals: (shown) => {
      const count = (change: Change) => shown.filter((r) => r.pair.change === change).length;
      const side = (id: 'before' | 'after', repeated: boolean): Cell => {
        const cells = totalsCells(sideTotals(shown, id), repeated);
        return { text: cells.status.text, sub: `${cells.cost.text} · ${cells.latency.text}${cells.latency.sub ? ` · ${cells.latency.sub}` : ''}`, title: cells.status.title };
      };
      return {
        case: { text: 'Totals', sub: plural(shown.length, 'row'), title: `Totals of the ${plural(shown.length, 'row')} shown` },
        change: { text: `${count('fixed')} fixed`, sub: `${count('broke')} broke` },
        before: side('before', sides[0].repeated),
        after: side('after', sides[1].repeated),
      };
    },
    details: (row) => versionDetails(row, before, after),
    rowTone: (row) => (row.pair.change === 'fixed' || row.pair.change === 'broke' ? 'changed' : undefined),
    actions: [{ label: 'Diff prompts', message: { type: 'diffPrompts' } }],
  };
}
