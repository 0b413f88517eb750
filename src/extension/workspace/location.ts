import path from 'node:path';
import type { Range } from '../../core/diagnostics.js';

// Finding things by position: the case under the cursor, and the folder a prompt file's settings
// come from.

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

/**
 * The folder whose prompt-workbench.yml applies to `file`: the nearest one at or above the file's
 * folder, not above the workspace folder; the workspace folder when there is none.
 */
export function configRoot(file: string, workspaceFolder: string, hasConfig: (dir: string) => boolean): string {
  const top = path.resolve(workspaceFolder);
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    if (hasConfig(dir)) return dir;
    if (dir === top || path.dirname(dir) === dir || !isInsideDir(dir, top)) return top;
  }
}

function isInsideDir(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function isPromptFile(file: string): boolean {
  return /\.prompt\.ya?ml$/i.test(file);
}
