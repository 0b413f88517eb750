import type { Diagnostic, Range } from '../diagnostics.js';
import type { LineGap } from '../lineIndex.js';
import type { RawRow } from '../dataset/row.js';
import { ROW_BATCH } from '../dataset/streamRows.js';
import { parseLocatedYaml } from '../yamlPositions.js';
import { isBlankOrComment, simpleRow } from './simpleRow.js';
import type { ReadRow, RowMemo } from './rowMemo.js';

// Inline testData as cheap as a CSV file for runs and estimates of any size (the CLI). Parsing a
// whole prompt file with the YAML library costs ~40 µs and ~5 KB a row, so a million inline rows
// took minutes and gigabytes. When the rows sit in a plain block under a top-level `testData:`,
// the rest of the file is parsed as usual from a copy with `testData: []` in their place (its
// positions shifted back to the whole file's), and the rows are read a batch at a time as a
// dataset file's are: simple rows by simpleRow.ts, any other row by the YAML library on its own. A
// row the library cannot read on its own (an alias to an anchor elsewhere, a YAML error) throws
// RowsNeedWholeFile, and the caller parses the whole file instead, so every diagnostic is the one
// the whole-file parse gives. A row with YAML errors of its own says which (RowYamlErrors): the
// editor shows them at once, while it waits for the whole-file parse's wording of them.

export class RowsNeedWholeFile extends Error {}

/** A row with YAML mistakes of its own: `errors` as the library reports them for the row alone, positioned in the whole file. */
export class RowYamlErrors extends RowsNeedWholeFile {
  constructor(
    name: string,
    readonly errors: Diagnostic[],
  ) {
    super(`${name} has YAML errors`);
  }
}

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
const UNUSUAL_LINE = /^(?:---|\.\.\.|%)/;

/** The block of rows under a top-level `testData:`, or undefined when they are not written as one. `memo`: rows read before, by text (the editor's). */
export function findTestDataBlock(text: string, memo?: RowMemo): TestDataBlock | undefined {
  const items = scanBlock(linesOf(text), text.length);
  if (!items) return undefined;
  return blockOf(text.slice(0, items.keyOffset), text.slice(items.endOffset), items, () => ({ text: (from, to) => text.slice(from, to), close() {} }), memo);
}

export interface Line {
  /** 0-based. */
  line: number;
  /** Where the line starts: a character offset in a text, a byte offset in a file (testDataFile.ts). */
  offset: number;
}

export type LineText = Line & { text: string };

/** The rows' text, read while the rows are: `text` of an offset range of the whole file. */
export interface RowSource {
  text(from: number, to: number): string;
  close(): void;
}

/**
 * The block from what surrounds it and a way to read its rows. Blank lines in their place would
 * keep line numbers too, but the YAML library spends ~2 µs and ~130 bytes on each.
 */
export function blockOf(before: string, after: string, items: Items, open: () => RowSource, memo?: RowMemo): TestDataBlock {
  const prefix = `${before}testData: []\n`;
  return {
    head: `${prefix}${after}`,
    gap: { offset: prefix.length, lines: items.endLine - items.keyLine - 1 },
    count: items.count,
    *batches(file) {
      const source = open();
      try {
        for (let from = 0; from < items.count; from += ROW_BATCH) {
          const batch: RawRow[] = [];
          for (let j = from; j < Math.min(items.count, from + ROW_BATCH); j++) {
            const to = j + 1 < items.count ? items.offsets[j + 1] : items.endOffset;
            batch.push(readRow(source.text(items.offsets[j], to), to < items.length, items, j, file, memo));
          }
          yield batch;
        }
      } finally {
        source.close();
      }
    },
  };
}

/** The lines of a text, without their line breaks (a text ending in one has an empty last line). */
function* linesOf(text: string): Generator<LineText> {
  let line = 0;
  let offset = 0;
  while (offset <= text.length) {
    const end = text.indexOf('\n', offset);
    const stop = end === -1 ? text.length : end;
    yield { line, offset, text: text.slice(offset, stop > offset && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop) };
    if (end === -1) return;
    line++;
    offset = end + 1;
  }
}

export interface Items {
  keyLine: number;
  keyOffset: number;
  /** Where each row starts: its offset and 0-based line. */
  offsets: Int32Array;
  lines: Int32Array;
  count: number;
  indent: number;
  /** The first line after the block (the text's length and line count when the block runs to the end). */
  endOffset: number;
  endLine: number;
  /** The whole text's length, in the offsets' unit. */
  length: number;
}

/**
 * One pass over a prompt file's lines: the rows of the sequence under a top-level `testData:`
 * line, each starting with `-` at the first row's indent, up to the next top-level line. Undefined
 * when there are none, or the file is one this way of reading leaves to the YAML library.
 */
export function scanBlock(lines: Iterable<LineText>, length: number): Items | undefined {
  let items: Items | undefined;
  let open = false;
  for (const l of lines) {
    if (UNUSUAL_LINE.test(l.text)) return undefined;
    if (!items) {
      if (l.text.startsWith('testData:') && KEY_LINE.test(l.text)) items = newItems(l, length);
      open = items !== undefined;
      continue;
    }
    if (!open) continue;
    const step = rowLine(items, l);
    if (step === 'not plain') return undefined;
    open = step === 'in block';
  }
  return items && items.count > 0 ? items : undefined;
}

function newItems(key: LineText, length: number): Items {
  return { keyLine: key.line, keyOffset: key.offset, offsets: new Int32Array(1024), lines: new Int32Array(1024), count: 0, indent: -1, endOffset: length, endLine: key.line + 1, length };
}

/** One line after the key line: still in the block, the first line after it, or a block this reader leaves alone. */
function rowLine(items: Items, l: LineText): 'in block' | 'ended' | 'not plain' {
  items.endLine = l.line + 1;
  if (l.text.startsWith('\t')) return 'not plain';
  const spaces = indentOf(l.text);
  if (spaces === l.text.length || l.text[spaces] === '#') return 'in block';
  const dash = l.text[spaces] === '-' && (l.text.length === spaces + 1 || l.text[spaces + 1] === ' ');
  if (items.indent < 0 && !dash) return 'not plain';
  if (items.indent < 0) items.indent = spaces;
  if (spaces > items.indent) return 'in block';
  if (spaces === items.indent && dash) {
    addItem(items, l);
    return 'in block';
  }
  if (spaces !== 0) return 'not plain';
  items.endOffset = l.offset;
  items.endLine = l.line;
  return 'ended';
}

/** The length of a line's leading whitespace (as trimStart takes it), without copying the line: the scan sees every line of a million-row file. */
function indentOf(text: string): number {
  let spaces = 0;
  while (text.charCodeAt(spaces) === 32) spaces++;
  const next = text.charCodeAt(spaces);
  // A tab or any other kind of space after the spaces: rare, and trimStart knows them all.
  if (next <= 32 || next >= 0x80) return text.length - text.trimStart().length;
  return spaces;
}

function addItem(items: Items, at: Line): void {
  if (items.count === items.offsets.length) {
    items.offsets = grown(items.offsets);
    items.lines = grown(items.lines);
  }
  items.offsets[items.count] = at.offset;
  items.lines[items.count++] = at.line;
}

/** Row `index`, from its text (up to the next row or the block's end); `followed`: more of the file comes after it. */
function readRow(text: string, followed: boolean, items: Items, index: number, file: string, memo?: RowMemo): RawRow {
  const key = memo && `${followed ? 1 : 0}${text}`;
  const known = key === undefined ? undefined : memo?.get(key);
  if (known) return placed(known, items, index, file, true);
  const { indent } = items;
  const first = items.lines[index];
  const lines = text.split('\n');
  // The break that ends the row's last line is not another line (but a text's final break is).
  if (followed) lines.pop();
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  let last = lines.length - 1;
  while (last > 0 && isBlankOrComment(lines[last])) last--;
  // Where the whole-file parse ends a row: the start of the line after its last value (or the file's end).
  const broken = last < lines.length - 1 || followed;
  const simple = simpleRow(lines.slice(0, last + 1), indent);
  if (simple) {
    const read: ReadRow = { value: simple, last, lastLength: lines[last].length, broken };
    if (key !== undefined) memo?.set(key, read);
    return placed(read, items, index, file, key !== undefined);
  }
  const name = `testData[${index}]`;
  // All its lines, and the next row's indent: where the library ends a row (an empty value) can depend on what follows.
  return libraryRow(lines, first, followed ? `\n${' '.repeat(index + 1 < items.count ? indent : 0)}` : '', file, name);
}

/** A simple row's value at row `index`; a row kept in the memo (`kept`) carries where its case is kept. */
function placed(read: ReadRow, items: Items, index: number, file: string, kept: boolean): RawRow {
  const first = items.lines[index];
  const end = read.broken ? { line: first + read.last + 1, column: 0 } : { line: first + read.last, column: read.lastLength };
  return { value: read.value, source: { file, range: { start: { line: first, column: items.indent + 2 }, end } }, name: `testData[${index}]`, ...(kept ? { reuse: read } : {}) };
}

/** A row the YAML library reads on its own, positioned in the whole file. */
function libraryRow(lines: readonly string[], first: number, after: string, file: string, name: string): RawRow {
  const yaml = parseLocatedYaml(`${lines.join('\n')}${after}`);
  const syntax = yaml.syntaxErrors(file);
  const errors = syntax.filter((d) => d.severity === 'error');
  if (errors.length)
    throw new RowYamlErrors(
      name,
      errors.map((d) => ({ ...d, range: shifted(d.range, first) })),
    );
  if (syntax.length) throw new RowsNeedWholeFile(`${name} has YAML warnings`);
  const js = yaml.toJS(file);
  const list = js.ok ? js.value : undefined;
  const value = Array.isArray(list) && list.length === 1 ? list[0] : undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new RowsNeedWholeFile(`${name} is not a mapping the YAML library reads on its own`);
  const range = yaml.rangeOf([0]);
  return { value, source: { file, range: shifted(range, first) }, name };
}

function shifted(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, column: range.start.column }, end: { line: range.end.line + lines, column: range.end.column } };
}

function grown(list: Int32Array): Int32Array {
  const bigger = new Int32Array(list.length * 2);
  bigger.set(list);
  return bigger;
}
