// Number formatting shared by the CLI's table, progress line and estimates.

export { usd, int, percent, ms, plural } from '../../shared/format.js';

export function seconds(valueMs: number): string {
  return `${(valueMs / 1000).toFixed(1)}s`;
}

/** Pads cells into aligned columns; the first row is the header. */
export function table(rows: string[][], alignRight: (column: number) => boolean = (c) => c > 0): string {
  const widths = rows[0].map((_, c) => rows.reduce((widest, r) => Math.max(widest, [...(r[c] ?? '')].length), 0));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (alignRight(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
