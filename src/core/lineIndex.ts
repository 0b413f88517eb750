import type { Position } from './diagnostics.js';

// Offsets to 0-based line/column, computed from the text itself: parsers' own line counts go
// wrong after recovering from errors (yaml) or on a CR inside a quoted cell (csv-parse).

export interface LineIndex {
  positionAt(offset: number): Position;
  lineAt(offset: number): number;
  /** The text of a line, without its line break. */
  lineText(line: number): string;
  lineCount: number;
}

/** Lines left out of the text at `offset` (a line start): positions after it are those of the text with them. */
export interface LineGap {
  offset: number;
  lines: number;
}

export function lineIndex(text: string, gap?: LineGap): LineIndex {
  const inner = plainLineIndex(text);
  if (!gap) return inner;
  const gapLine = inner.lineAt(gap.offset);
  const shift = (offset: number) => (offset >= gap.offset ? gap.lines : 0);
  return {
    lineAt: (offset) => inner.lineAt(offset) + shift(offset),
    lineCount: inner.lineCount + gap.lines,
    positionAt(offset) {
      const p = inner.positionAt(offset);
      return { line: p.line + shift(offset), column: p.column };
    },
    lineText: (line) => (line < gapLine ? inner.lineText(line) : line < gapLine + gap.lines ? '' : inner.lineText(line - gap.lines)),
  };
}

function plainLineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const lineAt = (offset: number): number => {
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    lineAt,
    lineCount: starts.length,
    positionAt(offset) {
      const line = lineAt(offset);
      return { line, column: Math.max(0, Math.min(offset, text.length)) - starts[line] };
    },
    lineText(line) {
      const start = starts[line];
      if (start === undefined) return '';
      const end = starts[line + 1] ?? text.length;
      return text.slice(start, end).replace(/\r?\n$/, '');
    },
  };
}
