import type { Column, CsvValue, TableRow } from './table.js';

// CSV export (RFC 4180: quoted when needed, CRLF line ends) with a UTF-8 byte-order mark so
// spreadsheet programs read accented outputs correctly.

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe: outputs come from a model and must not turn into formulas on a reviewer's machine.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row extends TableRow>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const fields = columns.flatMap((c) => c.exports);
  const lines = [fields.map((f) => csvField(f.header)).join(',')];
  for (const row of rows) lines.push(fields.map((f) => csvField(f.value(row))).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
