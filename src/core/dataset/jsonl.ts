import type { Diagnostic } from '../diagnostics.js';
import { lineRange } from '../diagnostics.js';
import type { RawRow, RowParse } from './row.js';

/** One JSON object per line; a bad line is reported with its number and the others still load. */
export function parseJsonl(text: string, file: string): RowParse {
  const rows: RawRow[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split('\n');
  lines.forEach((rawLine, line) => {
    const content = rawLine.replace(/\r$/, '');
    if (content.trim() === '') return;
    try {
      rows.push({ value: JSON.parse(content), source: { file, range: lineRange(line, 0, content.length) }, name: `line ${line + 1}` });
    } catch (error) {
      diagnostics.push(jsonlError(file, line, content, error as Error));
    }
  });
  return { rows, diagnostics };
}

/** "line 3 is not valid JSON: …", at the column JSON.parse names when it names one. */
export function jsonlError(file: string, line: number, content: string, error: Error): Diagnostic {
  const column = /position (\d+)/.exec(error.message);
  const range = column ? lineRange(line, Number(column[1]), content.length) : lineRange(line, 0, content.length);
  return { file, range, severity: 'error', message: `line ${line + 1} is not valid JSON: ${error.message}`, code: 'dataset/bad-json' };
}
