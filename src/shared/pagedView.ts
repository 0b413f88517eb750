import { buildView } from './buildView.js';
import type { Details, RowsPage, RowsRequest, RowView, ViewData, ViewFrame } from './protocol.js';
import type { Cell, TableRow } from './table.js';
import type { ViewModel } from './viewModel.js';
import { shownRows } from './visibleRows.js';

// The host's side of a view: the view model of the records, answering the webview's requests for
// a page of rows, a row's details. Filtering and sorting happen here, once per change of the
// user's filters; only the rows on screen (and a margin) are ever turned into cells and posted.

/** The most rows one reply carries, whatever the webview asks for. */
export const MAX_PAGE = 1000;

export interface PagedView {
  readonly frame: ViewFrame;
  page(request: RowsRequest): RowsPage;
  details(key: string): Details | null;
}

export function pagedView(data: ViewData): PagedView {
  const model: ViewModel<TableRow> = buildView(data);
  let shownFor = '';
  let shown: TableRow[] = [];
  let totals: Cell[] = [];
  let byKey: Map<string, TableRow> | undefined;

  const frame: ViewFrame = {
    kind: model.kind,
    title: model.title,
    subtitle: model.subtitle,
    columns: model.columns.map(({ id, title, subtitle, width, align }) => ({ id, title, subtitle, width, align })),
    evaluators: model.evaluators,
    changedLabel: model.changedLabel,
    rowLines: model.rowLines,
    summary: model.summary,
    summaryGroup: model.summaryGroup,
    charts: model.charts,
    actions: model.actions,
    progress: progressText(data),
    rowCount: model.rows.length,
  };

  const toView = (row: TableRow): RowView => {
    const tone = model.rowTone(row);
    return { key: row.key, ...(tone ? { tone } : {}), cells: model.columns.map((column) => column.cell(row)) };
  };

  return {
    frame,
    page(request) {
      const signature = JSON.stringify(request.ui);
      if (signature !== shownFor) {
        shownFor = signature;
        const visible = shownRows(model, request.ui);
        shown = visible.rows;
        totals = model.columns.map((column) => visible.totals[column.id] ?? { text: '' });
      }
      const start = Math.min(request.start, shown.length);
      const end = Math.min(shown.length, start + Math.min(request.count, MAX_PAGE));
      const rows = shown.slice(start, end).map(toView);
      const located = request.locate === undefined ? undefined : shown.findIndex((row) => row.key === request.locate);
      return { type: 'rows', seq: request.seq, total: shown.length, start, rows, totals, ...(located === undefined ? {} : { located }) };
    },
    details(key) {
      byKey ??= new Map(model.rows.map((row) => [row.key, row]));
      const row = byKey.get(key);
      return row ? model.details(row) : null;
    },
  };
}

/** "running… 40/120" for each shown run still in progress. */
export function progressText(data: ViewData): string {
  const records = data.kind === 'versions' ? [data.before.record, data.after.record] : [data.record];
  return records
    .filter((r) => r.status === 'running')
    .map((r) => `running… ${r.results.length}/${r.cases.length * r.models.length * r.options.repeat}`)
    .join(' · ');
}
