import { parse } from 'csv-parse/sync';
import type { Diagnostic } from '../diagnostics.js';
import { lineRange } from '../diagnostics.js';
import { lineIndex } from '../lineIndex.js';
import type { RawRow, RowParse } from './row.js';

interface CsvRecord {
  record: Record<string, string>;
  raw: string;
}

/** CSV (or TSV) with a header row of variable names; quoted cells may hold commas and newlines. */
export function parseCsv(text: string, file: string, delimiter = ','): RowParse {
  const body = text.replace(/^\uFEFF/, '');
  const header = headerProblems(body, file, delimiter);
  if (header.length) return { rows: [], diagnostics: header };
  // Lines come from where each record's raw text sits in the file: csv-parse's own line count
  // treats a CR inside a quoted cell as a line break and shifts every later row.
  const lines = lineIndex(body);
  let cursor = 0;
  const locate = (raw: string | undefined): { start: number; end: number } => {
    const at = raw ? body.indexOf(raw, cursor) : -1;
    const from = at >= 0 ? at : cursor;
    if (at >= 0) cursor = at + raw!.length;
    const content = (raw ?? '').replace(/\r?\n$/, '');
    return { start: lines.lineAt(from), end: lines.lineAt(from + content.length) };
  };
  const diagnostics: Diagnostic[] = [];
  const problem = (line: number, message: string): Diagnostic => ({ file, severity: 'error', message, range: lineRange(line), code: 'dataset/bad-csv' });
  const rows: RawRow[] = [];
  try {
    parse(body, {
      columns: true,
      delimiter,
      raw: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: { message: string } | undefined, raw?: string) => {
        if (!error) return;
        const { start } = locate(raw);
        diagnostics.push(problem(start, `line ${start + 1}: ${error.message.replace(/ at line \d+/, '')}`));
      },
      on_record: (record: CsvRecord) => {
        const { start, end } = locate(record.raw);
        rows.push({ value: record.record, source: { file, range: { start: { line: start, column: 0 }, end: { line: end, column: 0 } } }, name: `line ${start + 1}` });
        return record;
      },
    } as never);
  } catch (error) {
    const { start } = locate(undefined);
    diagnostics.push(problem(Math.min(start, lines.lineCount - 1), `CSV: ${(error as Error).message}`));
    return { rows, diagnostics };
  }
  return { rows, diagnostics };
}

function headerProblems(body: string, file: string, delimiter: string): Diagnostic[] {
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') return [{ file, severity: 'error', message: 'the first line must name the columns (the variables)', range: lineRange(0), code: 'dataset/csv-header' }];
  let names: string[];
  try {
    const rows: string[][] = parse(firstLine, { delimiter });
    names = rows[0] ?? [];
  } catch {
    return [];
  }
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  names.forEach((name, i) => {
    if (name.trim() === '') out.push({ file, severity: 'error', message: `column ${i + 1} has no name in the header`, range: lineRange(0), code: 'dataset/csv-header' });
    else if (seen.has(name)) out.push({ file, severity: 'error', message: `column "${name}" appears twice in the header`, range: lineRange(0), code: 'dataset/csv-header' });
    seen.add(name);
  });
  return out;
}
