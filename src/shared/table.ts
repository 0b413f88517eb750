// A view's table as data: columns that know how to sort, display and export a row. The webview
// renders Cells with textContent, the HTML report escapes them, the CSV writes the export fields;
// all three read the same columns, so the three can't disagree about what a cell says.

export type Tone = 'pass' | 'fail' | 'error' | 'muted' | 'warn' | 'changed';

export interface Cell {
  text: string;
  /** A second, smaller line (latency · cost under an output). */
  sub?: string;
  tone?: Tone;
  /** Tone of the second line only (a comparison cell colours its verdict, not the output). */
  subTone?: Tone;
  /** Hover text. */
  title?: string;
}

export type CsvValue = string | number | boolean | null | undefined;

export interface ExportField<Row> {
  header: string;
  value(row: Row): CsvValue;
}

export interface Column<Row> {
  id: string;
  title: string;
  /** A second header line: a model's or version's pass rate, cost and latency. */
  subtitle?: string;
  /** A CSS grid track, e.g. "minmax(120px, 2fr)". */
  width: string;
  align?: 'start' | 'end';
  /** null sorts last in both directions. */
  sortKey(row: Row): number | string | null;
  cell(row: Row): Cell;
  exports: ExportField<Row>[];
}

export interface TableRow {
  /** Position in the default order (dataset order); the tie-breaker of every sort. */
  order: number;
  /** Stable identity, e.g. "caseId/model/repeat". */
  key: string;
  /** Lower-cased text the search box matches, built on first use. */
  haystack?: string;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** A stable sort by one column; rows whose key is null go last whichever the direction. */
export function sortRows<Row extends TableRow>(rows: readonly Row[], column: Column<Row> | undefined, descending: boolean): Row[] {
  if (!column) return [...rows].sort((a, b) => a.order - b.order);
  const keyed = rows.map((row) => ({ row, key: column.sortKey(row) }));
  const direction = descending ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.key === null || b.key === null) {
      if (a.key === b.key) return a.row.order - b.row.order;
      return a.key === null ? 1 : -1;
    }
    const compared = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : collator.compare(String(a.key), String(b.key));
    return compared !== 0 ? compared * direction : a.row.order - b.row.order;
  });
  return keyed.map((entry) => entry.row);
}

/** Case-insensitive substring search over the row's haystack, cached on the row. */
export function matchesSearch<Row extends TableRow>(row: Row, query: string, haystackOf: (row: Row) => string): boolean {
  if (!query) return true;
  row.haystack ??= haystackOf(row).toLowerCase();
  return row.haystack.includes(query.toLowerCase());
}
