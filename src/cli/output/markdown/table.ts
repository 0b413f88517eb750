// A GitHub-flavoured Markdown table from cells that are already Markdown (escaped where untrusted).

export type Align = 'left' | 'right' | 'center';

export function mdTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const rule = header.map((_, i) => (align[i] === 'right' ? '--:' : align[i] === 'center' ? ':-:' : '---'));
  return [header, rule, ...rows].map(mdRow).join('\n');
}

export function mdRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => c || ' ').join(' | ')} |`;
}
