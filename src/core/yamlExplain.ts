import type { Diagnostic } from './diagnostics.js';

// One wrong indentation makes the YAML parser report a cascade ("Nested mappings are not allowed
// in compact mappings", "Implicit keys need to be on a single line", …) for what is one mistake.
// The first error is what to fix; it is said in plain words, and the rest are folded into it.

/** Leading spaces of a line. */
function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlank(line: string): boolean {
  const t = line.trim();
  return t === '' || t.startsWith('#');
}

/** Columns a line opens for what follows: its own, and its key's after a "- ". */
function columnsOf(line: string): number[] {
  const indent = indentOf(line);
  const item = /^\s*-\s+(?=\S)/.exec(line);
  return item ? [indent, item[0].length] : [indent];
}

/** The columns the lines above line `at` leave open: the line just above and every enclosing one. */
export function openColumns(lines: readonly string[], at: number): number[] {
  const open = new Set<number>();
  let limit = Infinity;
  for (let i = at - 1; i >= 0; i--) {
    if (isBlank(lines[i])) continue;
    const indent = indentOf(lines[i]);
    if (indent >= limit) continue;
    for (const c of columnsOf(lines[i])) open.add(c);
    limit = indent;
    if (indent === 0) break;
  }
  open.add(0);
  return [...open].sort((a, b) => a - b);
}

function previousLine(lines: readonly string[], at: number): number {
  for (let i = at - 1; i >= 0; i--) if (!isBlank(lines[i])) return i;
  return -1;
}

function list(numbers: readonly number[]): string {
  return numbers.length === 1 ? `${numbers[0]}` : `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/**
 * A plain-words reading of a YAML error at 0-based `line`, or undefined when indentation does not
 * explain it. `parser` is the YAML library's own message, kept at the end for searching.
 */
export function explainYamlError(text: string, line: number, parser: string): { line: number; message: string } | undefined {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const current = lines[line] ?? '';
  const above = previousLine(lines, line);
  // A half-typed list item ("- role") followed by a line the parser cannot place.
  if (above >= 0 && /^\s*-\s+[^:#"'{[]+$/.test(lines[above]) && !/^\s*-\s*$/.test(lines[above])) {
    const item = lines[above].trim();
    return { line: above, message: `line ${above + 1} ("${item}") is a list item without ": value" – finish it (for example "${item}: …") or remove it (YAML: ${parser})` };
  }
  if (isBlank(current)) return undefined;
  const indent = indentOf(current);
  // The line above opens a block ("key:", "key: |"): anything deeper is its content.
  if (above >= 0 && /:\s*([|>][-+]?\d*)?\s*(#.*)?$/.test(lines[above]) && indent > indentOf(lines[above])) return undefined;
  const open = openColumns(lines, line);
  if (open.includes(indent)) return undefined;
  const deeper = above >= 0 && indent > Math.max(...columnsOf(lines[above]));
  const where = deeper ? `deeper than line ${above + 1} above it, which does not open a block` : `less than the lines above it`;
  return {
    line,
    message: `line ${line + 1} is indented ${indent} space${indent === 1 ? '' : 's'}, ${where}: the lines above start at ${list(open)} spaces – line it up with the key it belongs to (YAML: ${parser})`,
  };
}

/** The first syntax error, in plain words where indentation explains it; the rest folded into it. */
export function foldYamlErrors(text: string, errors: readonly Diagnostic[]): Diagnostic[] {
  if (errors.length === 0) return [];
  const sorted = [...errors].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  const first = sorted[0];
  const parser = first.message.replace(/^YAML: /, '');
  // The parser often reports the construct a wrongly indented next line broke: look there too
  // (not for an unclosed flow collection, whose error lands on whatever follows it).
  const lines = text.split('\n');
  let next = first.range.start.line + 1;
  while (next < lines.length && isBlank(lines[next])) next++;
  const flow = /flow (map|sequence|collection)/i.test(parser);
  const explained = flow ? undefined : (explainYamlError(text, first.range.start.line, parser) ?? explainYamlError(text, next, parser));
  const more = sorted.length - 1;
  const folded = more > 0 ? ` (${more} more YAML error${more === 1 ? '' : 's'} follow${more === 1 ? 's' : ''} from it; fix this one first)` : '';
  if (!explained) return [{ ...first, message: `${first.message}${folded}` }];
  const width = (lines[explained.line] ?? '').replace(/\r$/, '').length;
  return [{ ...first, message: `${explained.message}${folded}`, range: { start: { line: explained.line, column: 0 }, end: { line: explained.line, column: width } } }];
}
