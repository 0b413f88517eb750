import type { UiState } from './protocol.js';
import { sortRows, type Cell, type TableRow } from './table.js';
import type { ViewModel } from './viewModel.js';

/** The rows a view shows for the user's filters and sort, in display order. */
export function visibleRows<Row extends TableRow>(model: ViewModel<Row>, ui: UiState): Row[] {
  return sorted(model, model.filter(model.rows, ui.filter), ui);
}

/**
 * visibleRows and their totals row. The totals are taken before sorting, in dataset order: a
 * pass-rate interval over repeated cases resamples them in order, so sorting by a column would
 * otherwise move it.
 */
export function shownRows<Row extends TableRow>(model: ViewModel<Row>, ui: UiState): { rows: Row[]; totals: Record<string, Cell> } {
  const filtered = model.filter(model.rows, ui.filter);
  return { totals: model.totals(filtered), rows: sorted(model, filtered, ui) };
}

function sorted<Row extends TableRow>(model: ViewModel<Row>, rows: Row[], ui: UiState): Row[] {
  const column = ui.sort ? model.columns.find((c) => c.id === ui.sort!.column) : undefined;
  return column ? sortRows(rows, column, ui.sort!.descending) : rows;
}

/** "failed only, failing "one word", matching "par"" – how the rows were narrowed, for exports. */
export function describeFilter(model: Pick<ViewModel, 'changedLabel'>, ui: UiState): string {
  const parts: string[] = [];
  if (ui.filter.failedOnly) parts.push('failed only');
  if (ui.filter.changedOnly && model.changedLabel) parts.push(model.changedLabel.toLowerCase());
  if (ui.filter.evaluator !== null) parts.push(`failing "${ui.filter.evaluator}"`);
  if (ui.filter.search.trim()) parts.push(`matching "${ui.filter.search.trim()}"`);
  return parts.join(', ');
}
