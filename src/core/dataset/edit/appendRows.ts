import path from 'node:path';
import { isMap, isSeq, stringify, type Node, type YAMLSeq } from 'yaml';
import { parseLocatedYaml } from '../../yamlPositions.js';
import { addColumns, csvCell, scanRecord } from './csvRowEdit.js';
import { editableFormatOf, type EditableFormat } from './rowEdits.js';
import { applyEdits, lineBreakOf, textEdits, type TextEdit } from './textEdit.js';
import type { Change } from './yamlRowEdit.js';

// Rows added at the end of a dataset – a prompt file's inline `testData`, YAML, JSON, JSON Lines,
// CSV or TSV – without touching a character of the rows already there: text is inserted, never
// rewritten. A file that does not exist yet (text undefined) is written whole in its format.

export type AppendOutcome = { ok: true; text: string; edits: TextEdit[] } | { ok: false; error: string };

const STRINGIFY = { lineWidth: 0 } as const;

export function appendRows(text: string | undefined, file: string, rows: readonly Record<string, unknown>[]): AppendOutcome {
  const format = editableFormatOf(file);
  if (!format) return { ok: false, error: `${path.basename(file)}: rows can be written to .jsonl, .yaml, .yml, .json, .csv, .tsv or a .prompt.yml's testData` };
  if (text === undefined || (format !== 'prompt' && !text.trim())) return whole(text ?? '', format, rows);
  if (!rows.length) return { ok: true, text, edits: [] };
  const changes = format === 'jsonl' ? appendJsonl(text, rows) : format === 'csv' || format === 'tsv' ? appendCsv(text, rows, format === 'tsv' ? '\t' : ',') : appendYaml(text, file, format, rows);
  if ('error' in changes) return { ok: false, error: changes.error };
  const edits = textEdits(text, changes);
  return { ok: true, text: applyEdits(text, edits), edits };
}

function whole(existing: string, format: EditableFormat, rows: readonly Record<string, unknown>[]): AppendOutcome {
  const text = newFileText(format, rows);
  return { ok: true, text, edits: textEdits(existing, [{ start: 0, end: existing.length, newText: text }]) };
}

function newFileText(format: EditableFormat, rows: readonly Record<string, unknown>[]): string {
  if (format === 'jsonl') return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv' || format === 'tsv') {
    const delimiter = format === 'tsv' ? '\t' : ',';
    const columns = columnsOf(rows);
    return [columns, ...rows.map((row) => columns.map((c) => (Object.hasOwn(row, c) ? row[c] : '')))].map((cells) => `${cells.map((cell) => csvCell(cell, delimiter)).join(delimiter)}\n`).join('');
  }
  return rows.length ? stringify(rows, STRINGIFY) : '[]\n';
}

function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const columns: string[] = [];
  for (const row of rows) for (const name of Object.keys(row)) if (!columns.includes(name)) columns.push(name);
  return columns;
}

function endsWithBreak(text: string): boolean {
  return text.endsWith('\n');
}

function appendJsonl(text: string, rows: readonly Record<string, unknown>[]): Change[] {
  const br = lineBreakOf(text);
  const lead = endsWithBreak(text) ? '' : br;
  return [{ start: text.length, end: text.length, newText: lead + rows.map((row) => `${JSON.stringify(row)}${br}`).join('') }];
}

/** Columns the header lacks go at its end, with a blank cell on every record before the new ones. */
function appendCsv(text: string, rows: readonly Record<string, unknown>[], delimiter: string): Change[] {
  const br = lineBreakOf(text);
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const header = scanRecord(text, bom, delimiter);
  const names = header.cells.map((c) => c.value);
  const added = columnsOf(rows).filter((name) => !names.includes(name));
  const changes: Change[] = added.length
    ? addColumns(
        text,
        header,
        added.map((name) => [name, ''] as const),
        delimiter,
        () => delimiter.repeat(added.length),
      )
    : [];
  const columns = [...names, ...added];
  const lines = rows.map((row) => columns.map((c) => csvCell(Object.hasOwn(row, c) ? row[c] : '', delimiter)).join(delimiter) + br);
  changes.push({ start: text.length, end: text.length, newText: (endsWithBreak(text) ? '' : br) + lines.join('') });
  return mergeAtEnd(changes);
}

/** The last record's added blank cells and the appended rows both sit at the end of the text: one change. */
function mergeAtEnd(changes: Change[]): Change[] {
  const out: Change[] = [];
  for (const change of changes) {
    const last = out[out.length - 1];
    if (last && last.start === change.start && last.end === change.end) last.newText += change.newText;
    else out.push({ ...change });
  }
  return out;
}

function appendYaml(text: string, file: string, format: EditableFormat, rows: readonly Record<string, unknown>[]): Change[] | { error: string } {
  const yaml = parseLocatedYaml(text);
  if (yaml.doc.errors.length) return { error: `${path.basename(file)} has YAML errors; fix them first` };
  const br = lineBreakOf(text);
  const root = yaml.doc.contents;
  if (format === 'prompt') {
    if (!isMap(root)) return { error: `${path.basename(file)} is not a mapping` };
    const seq = root.get('testData', true);
    if (seq === undefined || seq === null || (isSeq(seq) && !seq.items.length && !seq.flow)) {
      const lead = endsWithBreak(text) ? '' : br;
      const pair = root.items.find((p) => (p.key as { value?: unknown } | null)?.value === 'testData');
      if (pair) return { error: `${path.basename(file)}: "testData:" has no list to add to; write "testData: []" or remove the key` };
      return [{ start: text.length, end: text.length, newText: `${lead}testData:${br}${indentBlock(stringify(rows, STRINGIFY), 2, br)}` }];
    }
    if (!isSeq(seq)) return { error: `${path.basename(file)}: testData is not a list` };
    return appendToSeq(text, seq, rows, false, br);
  }
  if (!isSeq(root)) return { error: `${path.basename(file)} is not a list of rows` };
  return appendToSeq(text, root, rows, format === 'json', br);
}

function indentBlock(block: string, column: number, br: string): string {
  return block
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line ? `${' '.repeat(column)}${line}` : line))
    .join(br)
    .concat(br);
}

function appendToSeq(text: string, seq: YAMLSeq, rows: readonly Record<string, unknown>[], json: boolean, br: string): Change[] {
  if (seq.flow) return appendToFlow(text, seq, rows, json, br);
  const first = seq.items[0] as Node;
  const dashLine = text.lastIndexOf('\n', first.range![0] - 1) + 1;
  const column = /^ */.exec(text.slice(dashLine))![0].length;
  const block = indentBlock(stringify(rows, STRINGIFY), column, br);
  const last = seq.items[seq.items.length - 1] as Node;
  const after = last.range![1];
  if (text[after - 1] === '\n') return [{ start: after, end: after, newText: block }];
  // After the rest of the last row's line, so a comment there stays on it.
  let lineEnd = text.indexOf('\n', after);
  if (lineEnd < 0) lineEnd = text.length;
  const at = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return [{ start: at, end: at, newText: `${br}${block.slice(0, -br.length)}` }];
}

function appendToFlow(text: string, seq: YAMLSeq, rows: readonly Record<string, unknown>[], json: boolean, br: string): Change[] {
  const [start, end] = seq.range!;
  const close = text.lastIndexOf(']', end);
  const entries = rows.map((row) => (json ? JSON.stringify(row) : stringify(row, { ...STRINGIFY, collectionStyle: 'flow' }).replace(/\n$/, '')));
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (!last) return [{ start: close, end: close, newText: entries.join(', ') }];
  const multiline = text.slice(start, end).includes('\n');
  const firstStart = (seq.items[0] as Node).range![0];
  const separator = multiline ? `,${br}${' '.repeat(firstStart - (text.lastIndexOf('\n', firstStart - 1) + 1))}` : ', ';
  const after = last.range![1];
  return [{ start: after, end: after, newText: entries.map((e) => `${separator}${e}`).join('') }];
}
