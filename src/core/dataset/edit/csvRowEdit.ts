import { stringifyVar } from '../../template.js';
import type { Change } from './yamlRowEdit.js';

// Setting fields of one CSV/TSV record by splicing text. The record's cells are found by a small
// scanner (RFC 4180 quoting: a quoted cell may hold the delimiter, "" and line breaks) from the
// line the record starts on; csv-parse, which reads the rows, gives no cell offsets. A column the
// header lacks is added at the end of the header and of every record (blank elsewhere: a blank
// `_id` or `expected` cell means the row has none).

export interface CsvCell {
  start: number;
  end: number;
  value: string;
}

export interface CsvRecord {
  cells: CsvCell[];
  /** Offset of the record's line break (or of the end of the text). */
  end: number;
  /** Offset where the next record starts. */
  next: number;
}

/** The record starting at `offset`. */
export function scanRecord(text: string, offset: number, delimiter: string): CsvRecord {
  const cells: CsvCell[] = [];
  let at = offset;
  for (;;) {
    const start = at;
    let value = '';
    if (text[at] === '"') {
      at++;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote < 0) {
          value += text.slice(at);
          at = text.length;
          break;
        }
        value += text.slice(at, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          at = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
    }
    while (at < text.length && text[at] !== delimiter && text[at] !== '\n' && !(text[at] === '\r' && text[at + 1] === '\n')) value += text[at++];
    cells.push({ start, end: at, value });
    if (text[at] === delimiter) {
      at++;
      continue;
    }
    const next = text[at] === '\r' ? at + 2 : at < text.length ? at + 1 : at;
    return { cells, end: at, next };
  }
}

/** A cell as written: quoted when it holds the delimiter, a quote, a line break or edge spaces. */
export function csvCell(value: unknown, delimiter: string): string {
  const text = stringifyVar(value);
  return text.includes(delimiter) || /["\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function lineStartOffset(text: string, line: number): number {
  let at = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', at);
    if (next < 0) return text.length;
    at = next + 1;
  }
  return at;
}

/** Changes that set `fields` on the record starting at 0-based `line`. */
export function setCsvFields(text: string, line: number, fields: Readonly<Record<string, string>>, delimiter: string): Change[] {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const header = scanRecord(text, bom, delimiter);
  const names = header.cells.map((c) => c.value);
  const target = scanRecord(text, lineStartOffset(text, line), delimiter);
  const changes: Change[] = [];
  const added: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(fields)) {
    const column = names.indexOf(name);
    if (column < 0) {
      added.push([name, value]);
      continue;
    }
    const cell = target.cells[column];
    const written = csvCell(value, delimiter);
    if (cell) changes.push({ start: cell.start, end: cell.end, newText: written });
    else changes.push({ start: target.end, end: target.end, newText: `${delimiter.repeat(column - target.cells.length + 1)}${written}` });
  }
  if (!added.length) return changes;
  const targetStart = target.cells[0].start;
  return [
    ...changes,
    ...addColumns(text, header, added, delimiter, (start) => (start === targetStart ? added.map(([, value]) => `${delimiter}${csvCell(value, delimiter)}`).join('') : delimiter.repeat(added.length))),
  ];
}

/** The header gains `added` columns at its end; each record after it gains `cellsAt(its start offset)` (blank records are left alone). */
export function addColumns(text: string, header: CsvRecord, added: ReadonlyArray<readonly [string, unknown]>, delimiter: string, cellsAt: (start: number) => string): Change[] {
  const changes: Change[] = [{ start: header.end, end: header.end, newText: added.map(([name]) => `${delimiter}${csvCell(name, delimiter)}`).join('') }];
  for (let at = header.next; at < text.length;) {
    const record = scanRecord(text, at, delimiter);
    const blank = record.cells.length === 1 && record.end === at;
    if (!blank) changes.push({ start: record.end, end: record.end, newText: cellsAt(at) });
    if (record.next <= at) break;
    at = record.next;
  }
  return changes;
}
