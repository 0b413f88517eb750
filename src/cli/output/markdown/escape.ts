// Untrusted text – model outputs, case labels, prompt names, file names – as inline Markdown that
// shows exactly that text on GitHub: no HTML, no links or images, no emphasis, no table breaks, no
// @mentions or #123 cross-references (which would notify people and issues), one line.

const ZERO_WIDTH_SPACE = '\u200B';

/** `max`: at most this many characters of the text, with "…" when cut. */
export function mdText(text: string, max?: number): string {
  return escapeInline(cut(oneLine(text), max));
}

/** A path or file:line in code style; its characters are escaped like any other text. */
export function mdCode(text: string): string {
  return `<code>${mdText(text)}</code>`;
}

/** Text placed inside an HTML block (e.g. <summary>), where Markdown escapes are not read. */
export function htmlText(text: string): string {
  return oneLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
}

function oneLine(text: string): string {
  return text
    .replace(/\r\n?|\n|\u2028|\u2029/g, ' ↵ ')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '\uFFFD')
    .trim();
}

function cut(text: string, max: number | undefined): string {
  if (max === undefined) return text;
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, Math.max(1, max - 1)).join('')}…` : text;
}

function escapeInline(text: string): string {
  return (
    text
      // HTML first: entities survive the backslash pass (it leaves & and ; alone).
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Every ASCII punctuation mark Markdown gives a meaning to, including the table's pipe.
      .replace(/[\\`*_{}[\]()#+\-.!|~^"'=$%:?/]/g, '\\$&')
      .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
      .replace(/\\#(?=\d)/g, `\\#${ZERO_WIDTH_SPACE}`)
  );
}
