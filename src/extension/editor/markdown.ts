// Markdown for hovers. Everything that came from a model or a dataset is escaped or fenced, so an
// output like `<img onerror=…>` or `**bold**` shows as the text it is.

const SPECIAL = /[\\`*_{}[\]()#+\-.!~|<>&]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, '\\$&').replace(/\r?\n/g, '  \n');
}

/** A fenced block whose fence is longer than any backtick run inside, so the text cannot close it. */
export function fenced(text: string, language = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text;
}
