import { parse } from 'csv-parse/sync';
import type { Diagnostic } from '../diagnostics.js';
import { lineRange } from '../diagnostics.js';
import type { RawRow, RowParse } from './row.js';

interface CsvRecord {
  record: Record<string, string>;
  info: { lines: number };
  raw: string;
}

/** CSV (or TSV) with a header row of variable names; quoted cells may hold commas and newlines. */
export function parseCsv(text: string, file: string, delimiter = ','): RowParse {
  const diagnostics: Diagnostic[] = [];
  const header = headerProblems(text, file, delimiter);
  if (header.length) return { rows: [], diagnostics: header };
  let records: CsvRecord[];
  try {
    records = parse(text, {
      columns: true,
      delimiter,
      info: true,
      raw: true,
      bom: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: { message: string; lines?: number } | undefined) => {
        if (!error) return;
        const line = Math.max(0, (error.lines ?? 1) - 1);
        diagnostics.push({ file, severity: 'error', message: `line ${line + 1}: ${error.message.replace(/ at line \d+/, '')}`, range: lineRange(line), code: 'dataset/bad-csv' });
      },
    }) as unknown as CsvRecord[];
  } catch (error) {
    const lines = (error as { lines?: number }).lines ?? 1;
    diagnostics.push({ file, severity: 'error', message: `CSV: ${(error as Error).message}`, range: lineRange(lines - 1), code: 'dataset/bad-csv' });
    return { rows: [], diagnostics };
  }
  const rows: RawRow[] = records.map(({ record, info, raw }) => {
    const spanned = (raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length;
    const end = info.lines - 1;
    const start = end - spanned;
    return { value: record, source: { file, range: { start: { line: start, column: 0 }, end: { line: end, column: 0 } } }, name: `line ${start + 1}` };
  });
  return { rows, diagnostics };
}

function headerProblems(text: string, file: string, delimiter: string): Diagnostic[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') return [{ file, severity: 'error', message: 'the first line must name the columns (the variables)', range: lineRange(0), code: 'dataset/csv-header' }];
  let names: string[];
  try {
    names = (parse(firstLine, { delimiter }) as string[][])[0] ?? [];
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
