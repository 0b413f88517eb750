// GitHub refuses comments over 65,536 characters and step summaries over 1 MiB. A summary keeps
// its fixed parts (headings, per-model tables, verdicts) and fills what is left with list rows
// (failing, fixed, broken cases) in order, saying how many it left out.

export const MARKDOWN_LIMIT = 65_000;

export interface RowList {
  head: string;
  rows: readonly string[];
  tail: string;
  /** The line that says `omitted` rows were left out. */
  more: (omitted: number) => string;
}

export type Part = string | RowList;

const NOTE_RESERVE = 300;

export function fitMarkdown(parts: readonly Part[], limit = MARKDOWN_LIMIT): string {
  const fixed = parts.reduce((n, p) => n + (typeof p === 'string' ? p.length : p.head.length + p.tail.length + NOTE_RESERVE) + 2, 0);
  if (fixed > limit) return cutText(parts.map((p) => (typeof p === 'string' ? p : `${p.head}${p.more(p.rows.length)}\n${p.tail}`)).join('\n\n'), limit);
  let budget = limit - fixed;
  const text = parts.map((part) => {
    if (typeof part === 'string') return part;
    const kept: string[] = [];
    for (const row of part.rows) {
      if (row.length + 1 > budget) break;
      kept.push(row);
      budget -= row.length + 1;
    }
    const omitted = part.rows.length - kept.length;
    return `${part.head}${kept.map((r) => `${r}\n`).join('')}${omitted ? `${part.more(omitted)}\n` : ''}${part.tail}`;
  });
  return cutText(text.join('\n\n'), limit);
}

/** The last resort: cut at a line break and say so (only when the fixed parts alone are too long). */
function cutText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = '\n\n_… cut here: the summary is longer than a GitHub comment may be. The run records have every result._\n';
  const end = text.lastIndexOf('\n', limit - note.length);
  return `${text.slice(0, end > 0 ? end : limit - note.length)}${note}`;
}
