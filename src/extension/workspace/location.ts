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
  return a === b || path.resolve(a) === path.resolve(b);
}

/**
 * samePath(·, file) for paths that repeat – every case of a dataset names its file: each distinct
 * path is resolved once. A prompt's lenses asked it of 10,000 cases in a CSV, each resolved:
 * 5–28 ms per lens request in `node` (about 100 ms under a profiler in the extension host).
 */
export function samePathAs(file: string): (other: string) => boolean {
  const resolved = path.resolve(file);
  const known = new Map<string, boolean>();
  return (other) => {
    if (other === file) return true;
    let same = known.get(other);
    if (same === undefined) known.set(other, (same = path.resolve(other) === resolved));
    return same;
  };
}

export const PROMPT_GLOB = '**/*.prompt.{yml,yaml}';
export const SKIP_GLOB = '{**/node_modules/**,**/.git/**,**/.prompt-workbench/**}';

/** YAML files recognised as prompt files by their content (GitHub's sample_prompt.yml and the like). */
const recognised = new Set<string>();

export function isPromptFile(file: string): boolean {
  return /\.prompt\.ya?ml$/i.test(file) || recognised.has(path.resolve(file));
}

/** How much of a YAML file is read to recognise it: the top-level keys sit near its start. */
const SNIFF_CHARS = 16_384;

/**
 * A prompt file by its content, whatever its name (gh models takes any path): top-level `messages:`
 * and `model:` or `testData:`. A regex over the file's start: no YAML parse, nothing loaded.
 */
export function looksLikePromptText(text: string): boolean {
  const head = text.slice(0, SNIFF_CHARS);
  return /^messages\s*:/m.test(head) && /^(model|testData)\s*:/m.test(head);
}

/** The files recognised by their content, for the `promptWorkbench.promptFilesByContent` context key. */
export function promptFilesByContent(): string[] {
  return [...recognised];
}

/**
 * Records whether an open .yml/.yaml file is a prompt file by its content; true when that changed.
 * The text is asked for only for such files: a .prompt.yml is one by its name, and getText() of a
 * large one on every keystroke is a copy of the whole file.
 */
export function recognisePromptText(file: string, text: () => string): boolean {
  if (!/\.ya?ml$/i.test(file) || /\.prompt\.ya?ml$/i.test(file) || /(^|[\\/])prompt-workbench\.ya?ml$/i.test(file) || /[\\/]\.prompt-workbench[\\/]/.test(file)) return false;
  const key = path.resolve(file);
  const was = recognised.has(key);
  if (looksLikePromptText(text())) recognised.add(key);
  else recognised.delete(key);
  return was !== recognised.has(key);
}
