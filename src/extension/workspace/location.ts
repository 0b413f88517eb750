import path from 'node:path';
import type { Range } from '../../core/diagnostics.js';

// Finding things by position: the case under the cursor; which files are prompt files.

export interface Located {
  file: string;
  range: Range;
}

/** The innermost item whose range covers `line` in `file`. */
export function itemAtLine<T extends Located>(items: readonly T[], file: string, line: number): T | undefined {
  const covering = items.filter((i) => samePath(i.file, file) && i.range.start.line <= line && line <= lastLine(i.range));
  return covering.sort((a, b) => lastLine(a.range) - a.range.start.line - (lastLine(b.range) - b.range.start.line))[0];
}

/** A range ending at column 0 ends on the line before (YAML block nodes include the final newline). */
function lastLine(range: Range): number {
  return range.end.line > range.start.line && range.end.column === 0 ? range.end.line - 1 : range.end.line;
}

export function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

export const PROMPT_GLOB = '**/*.prompt.{yml,yaml}';
export const SKIP_GLOB = '{**/node_modules/**,**/.git/**,**/.prompt-workbench/**}';

export function isPromptFile(file: string): boolean {
  return /\.prompt\.ya?ml$/i.test(file);
}
