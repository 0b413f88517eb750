import type { UiState } from './protocol.js';
import { sortRows, type TableRow } from './table.js';
import type { ViewModel } from './viewModel.js';

/** The rows a view shows for the user's filters and sort, in display order. */
export function visibleRows<Row extends TableRow>(model: ViewModel<Row>, ui: UiState): Row[] {
  const filtered = model.filter(model.rows, ui.filter);
  const column = ui.sort ? model.columns.find((c) => c.id === ui.sort!.column) : undefined;
  return column ? sortRows(filtered, column, ui.sort!.descending) : filtered;
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
