import type { Range } from '../../diagnostics.js';
import { lineIndex } from '../../lineIndex.js';

// A change to a file's text as the core computes it: offsets for applying it here (and checking
// the result), 0-based {line, column} for the editor, which turns them into a WorkspaceEdit.

export interface TextEdit {
  /** Offsets into the text before any edit. */
  start: number;
  end: number;
  range: Range;
  newText: string;
}

export function textEdits(text: string, changes: readonly { start: number; end: number; newText: string }[]): TextEdit[] {
  const lines = lineIndex(text);
  return [...changes].sort((a, b) => a.start - b.start).map((c) => ({ ...c, range: { start: lines.positionAt(c.start), end: lines.positionAt(c.end) } }));
}

/** The text with the edits made (they must not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** The line break the file uses. */
export function lineBreakOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

/** Changes where one ends exactly where the next starts, made one (an editor refuses edits that touch). */
export function mergeTouching<C extends { start: number; end: number; newText: string }>(changes: readonly C[], text: string): Array<{ start: number; end: number; newText: string }> {
  const sorted = [...changes].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Array<{ start: number; end: number; newText: string }> = [];
  for (const change of sorted) {
    const last = out[out.length - 1];
    if (last && change.start <= last.end) {
      if (change.start < last.end) throw new Error('overlapping edits');
      last.newText += text.slice(last.end, change.start) + change.newText;
      last.end = change.end;
    } else {
      out.push({ start: change.start, end: change.end, newText: change.newText });
    }
  }
  return out;
}
