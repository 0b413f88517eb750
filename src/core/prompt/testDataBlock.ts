import type { Range } from '../diagnostics.js';
import type { LineGap } from '../lineIndex.js';
import type { RawRow } from '../dataset/row.js';
import { ROW_BATCH } from '../dataset/streamRows.js';
import { parseLocatedYaml } from '../yamlPositions.js';
import { isBlankOrComment, simpleRow } from './simpleRow.js';

// Inline testData as cheap as a CSV file for runs and estimates of any size (the CLI). Parsing a
// whole prompt file with the YAML library costs ~40 µs and ~5 KB a row, so a million inline rows
// took minutes and gigabytes. When the rows sit in a plain block under a top-level `testData:`,
// the rest of the file is parsed as usual from a copy with `testData: []` in their place (its
// positions shifted back to the whole file's), and the rows are read a batch at a time as a dataset file's are: simple rows
// by simpleRow.ts, any other row by the YAML library on its own. A row the library cannot read on
// its own (an alias to an anchor elsewhere, a YAML error) throws RowsNeedWholeFile, and the caller
// parses the whole file instead, so every diagnostic is the one the whole-file parse gives.

export class RowsNeedWholeFile extends Error {}

export interface TestDataBlock {
  /** The prompt's text with `testData: []` in place of the rows. */
  head: string;
  /** The rows' lines, left out of `head`: parse it with this gap and positions are the whole file's. */
  gap: LineGap;
  count: number;
  /** The rows in order, a batch at a time; each call reads them again. Throws RowsNeedWholeFile. */
  batches(file: string): Generator<RawRow[]>;
}

const KEY_LINE = /^testData:[ \t]*(?:#.*)?\r?$/;
/** Several documents, directives: not worth a second way of reading. */
const UNUSUAL_FILE = /^(?:---|\.\.\.|%)/m;

/** The block of rows under a top-level `testData:`, or undefined when they are not written as one. */
export function findTestDataBlock(text: string): TestDataBlock | undefined {
  if (UNUSUAL_FILE.test(text)) return undefined;
  const lines = lineStarts(text);
  const lineAt = (i: number) => text.slice(lines.starts[i], i + 1 < lines.count ? lines.starts[i + 1] - 1 : text.length).replace(/\r$/, '');
  let key = -1;
  for (let i = 0; i < lines.count && key < 0; i++) if (text.startsWith('testData:', lines.starts[i]) && KEY_LINE.test(lineAt(i))) key = i;
  if (key < 0) return undefined;
  const items = itemsAfter(key, lines.count, lineAt);
  if (!items || items.count === 0) return undefined;
  // Blank lines in their place would keep line numbers too, but the YAML library spends ~2 µs and ~130 bytes on each.
  const prefix = `${text.slice(0, lines.starts[key])}testData: []\n`;
  return {
    head: `${prefix}${items.end < lines.count ? text.slice(lines.starts[items.end]) : ''}`,
    gap: { offset: prefix.length, lines: items.end - key - 1 },
    count: items.count,
    *batches(file) {
      for (let from = 0; from < items.count; from += ROW_BATCH) {
        const batch: RawRow[] = [];
        for (let j = from; j < Math.min(items.count, from + ROW_BATCH); j++) batch.push(readRow(items, j, lineAt, lines.count, file));
        yield batch;
      }
    },
  };
}

interface Items {
  /** First line of each row. */
  starts: Int32Array;
  count: number;
  indent: number;
  /** The line after the block. */
  end: number;
}

/** The rows of the sequence under the key line: each starts with `-` at the first row's indent; the block ends at the next top-level line. */
function itemsAfter(key: number, lineCount: number, lineAt: (i: number) => string): Items | undefined {
  let starts: Int32Array = new Int32Array(1024);
  let count = 0;
  let indent = -1;
  for (let i = key + 1; i < lineCount; i++) {
    const line = lineAt(i);
    if (line.startsWith('\t')) return undefined;
    if (isBlankOrComment(line)) continue;
    const spaces = line.length - line.trimStart().length;
    const dash = line[spaces] === '-' && (line.length === spaces + 1 || line[spaces + 1] === ' ');
    if (indent < 0 && !dash) return undefined;
    if (indent < 0) indent = spaces;
    if (spaces > indent) continue;
    if (spaces === indent && dash) {
      if (count === starts.length) starts = grown(starts);
      starts[count++] = i;
      continue;
    }
    if (spaces === 0) return { starts, count, indent, end: i };
    return undefined;
  }
  return { starts, count, indent, end: lineCount };
}

function readRow(items: Items, index: number, lineAt: (i: number) => string, lineCount: number, file: string): RawRow {
  const { indent } = items;
  const first = items.starts[index];
  const next = index + 1 < items.count ? items.starts[index + 1] : items.end;
  const lines: string[] = [];
  for (let i = first; i < next; i++) lines.push(lineAt(i));
  let last = lines.length - 1;
  while (last > 0 && isBlankOrComment(lines[last])) last--;
  const lastLine = first + last;
  // Where the whole-file parse ends a row: the start of the line after its last value (or the file's end).
  const broken = lastLine + 1 < lineCount;
  const end = broken ? { line: lastLine + 1, column: 0 } : { line: lastLine, column: lines[last].length };
  const name = `testData[${index}]`;
  const simple = simpleRow(lines.slice(0, last + 1), indent);
  if (simple) return { value: simple, source: { file, range: { start: { line: first, column: indent + 2 }, end } }, name };
  // All its lines, and the next row's indent: where the library ends a row (an empty value) can depend on what follows.
  return libraryRow(lines, first, next < lineCount ? `\n${' '.repeat(next < items.end ? indent : 0)}` : '', file, name);
}

/** A row the YAML library reads on its own, positioned in the whole file. */
function libraryRow(lines: readonly string[], first: number, after: string, file: string, name: string): RawRow {
  const yaml = parseLocatedYaml(`${lines.join('\n')}${after}`);
  const js = yaml.syntaxErrors(file).length ? undefined : yaml.toJS(file);
  const list = js?.ok ? js.value : undefined;
  const value = Array.isArray(list) && list.length === 1 ? list[0] : undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RowsNeedWholeFile(`${name} is not a mapping the YAML library reads on its own`);
  const range = yaml.rangeOf([0]);
  return { value, source: { file, range: shifted(range, first) }, name };
}

function shifted(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, column: range.start.column }, end: { line: range.end.line + lines, column: range.end.column } };
}

/** Where each line starts; a text ending in a line break has an empty last line. */
function lineStarts(text: string): { starts: Int32Array; count: number } {
  let starts: Int32Array = new Int32Array(1024);
  let count = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    if (count === starts.length) starts = grown(starts);
    starts[count++] = at + 1;
  }
  return { starts, count };
}

function grown(list: Int32Array): Int32Array {
  const bigger = new Int32Array(list.length * 2);
  bigger.set(list);
  return bigger;
}
