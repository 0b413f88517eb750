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
    const range = lineRange(line, 0, content.length);
    try {
      rows.push({ value: JSON.parse(content), source: { file, range }, name: `line ${line + 1}` });
    } catch (error) {
      const column = /position (\d+)/.exec((error as Error).message);
      const at = column ? lineRange(line, Number(column[1]), content.length) : range;
      diagnostics.push({ file, range: at, severity: 'error', message: `line ${line + 1} is not valid JSON: ${(error as Error).message}`, code: 'dataset/bad-json' });
    }
  });
  return { rows, diagnostics };
}
