import { parse as parseSync } from 'csv-parse/sync';
import type { Diagnostic } from '../diagnostics.js';
import { lineRange } from '../diagnostics.js';
import { byteLines, type ByteLines } from './byteLines.js';
import { setVar, type RawRow, type RowParse } from './row.js';

// CSV (or TSV) with a header row of variable names; quoted cells may hold commas and line breaks.
// csv-parse reads the records; the line each one spans comes from where it ends in bytes
// (csv-parse's own line count treats a CR inside a quoted cell as a line break, and its raw text
// of a record does not always sit in the file as written). The same converter serves the whole
// text (the editor, small files) and streams (streamRows.ts), so both give identical rows.

/** One record csv-parse read, or one it skipped, with the byte offset it ends at. */
export type CsvEvent = { record: string[]; bytes: number } | { skip: string; bytes: number };

export interface CsvConverter {
  accept(event: CsvEvent): (RawRow | Diagnostic)[];
  /** When csv-parse stops with an error (an unclosed quote): where, and what. */
  fail(message: string): Diagnostic;
  finish(): Diagnostic[];
}

/** A cell cannot be left out of a record: a blank `_id` or `expected` means the row has none. */
const BLANK_IS_ABSENT = new Set(['_id', 'expected']);

export const CSV_OPTIONS = { bom: true, skip_empty_lines: true, skip_records_with_error: true } as const;

/**
 * csv-parse's `on_record` for streams (parseCsv calls it too): each record with the byte offset it
 * ends at. Its context is the one thing of `info: true` needed here, which would also wrap every
 * record in two more objects (a million rows: ~1.5 s of 5).
 */
export function withEndByte(record: string[], context: { bytes: number }): CsvEvent {
  return { record, bytes: context.bytes };
}

export function createCsvConverter(file: string, lines: ByteLines): CsvConverter {
  let header: string[] | undefined;
  let stopped = false;
  const problem = (line: number, message: string): Diagnostic => ({ file, severity: 'error', message, range: lineRange(line), code: 'dataset/bad-csv' });
  const noHeader = (): Diagnostic => ({ file, severity: 'error', message: 'the first line must name the columns (the variables)', range: lineRange(0), code: 'dataset/csv-header' });
  return {
    accept(event) {
      if (stopped) return [];
      const span = lines.claim(event.bytes);
      if ('skip' in event) return [problem(span.start, `line ${span.start + 1}: ${event.skip.replace(/ (at|on) line \d+/, '')}`)];
      if (!header) {
        // The first record is the header; records are arrays, so csv-parse checks that every record
        // has as many fields as the header.
        stopped = span.start !== 0;
        if (stopped) return [noHeader()];
        header = event.record;
        const problems = csvHeaderProblems(header, file);
        stopped = problems.length > 0;
        return problems;
      }
      const value: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) if (event.record[i] !== '' || !BLANK_IS_ABSENT.has(header[i])) setVar(value, header[i], event.record[i]);
      return [{ value, source: { file, range: { start: { line: span.start, column: 0 }, end: { line: span.end, column: 0 } } }, name: `line ${span.start + 1}` }];
    },
    fail(message) {
      const { start } = lines.claim(Number.MAX_SAFE_INTEGER);
      return problem(start, `CSV: ${message}`);
    },
    finish: () => (header || stopped ? [] : [noHeader()]),
  };
}

export function parseCsv(text: string, file: string, delimiter = ','): RowParse {
  const bytes = Buffer.from(text, 'utf8');
  const lines = byteLines();
  lines.push(bytes);
  const converter = createCsvConverter(file, lines);
  const events: CsvEvent[] = [];
  let failure: string | undefined;
  try {
    parseSync(bytes, {
      ...CSV_OPTIONS,
      delimiter,
      on_record: (record: string[], context: { bytes: number }) => {
        events.push(withEndByte(record, context));
        return record;
      },
      on_skip: (error: { message: string; bytes?: number } | undefined) => {
        if (error) events.push({ skip: error.message, bytes: error.bytes ?? 0 });
      },
    } as never);
  } catch (error) {
    failure = (error as Error).message;
  }
  const rows: RawRow[] = [];
  const diagnostics: Diagnostic[] = [];
  const take = (out: (RawRow | Diagnostic)[]) => out.forEach((e) => ('severity' in e ? diagnostics.push(e) : rows.push(e)));
  for (const event of events) take(converter.accept(event));
  if (failure !== undefined) diagnostics.push(converter.fail(failure));
  else diagnostics.push(...converter.finish());
  return { rows, diagnostics };
}

/** Every column needs a name, and a name may appear once. */
export function csvHeaderProblems(names: readonly string[], file: string): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  names.forEach((name, i) => {
    if (name.trim() === '') out.push({ file, severity: 'error', message: `column ${i + 1} has no name in the header`, range: lineRange(0), code: 'dataset/csv-header' });
    else if (seen.has(name)) out.push({ file, severity: 'error', message: `column "${name}" appears twice in the header`, range: lineRange(0), code: 'dataset/csv-header' });
    seen.add(name);
  });
  return out;
}
