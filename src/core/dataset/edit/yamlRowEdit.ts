import { isPair, isScalar, isSeq, stringify, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

// Setting fields of one row – a YAML or JSON mapping – by splicing text: every other character of
// the file (comments, quoting, blank lines, key order) stays as it was. A value that exists is
// replaced in place; a new key goes after the row's last one, at its indentation (block rows) or
// after a comma (flow rows and JSON). Values are written the way the yaml library writes them
// (block literals for multi-line text in block rows), or as JSON strings in flow rows.

export interface Change {
  start: number;
  end: number;
  newText: string;
}

const STRINGIFY = { lineWidth: 0 } as const;

function columnAt(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function keyName(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function isEmptyValue(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null && !!node.range && node.range[0] === node.range[1]);
}

/** A value written at key column `column` in a block mapping: the text after "key: " (a block scalar ends with a line break). */
export function blockValue(value: string, column: number): string {
  const written = stringify({ k: value }, STRINGIFY).replace(/^k: /, '');
  const [first, ...rest] = written.replace(/\n$/, '').split('\n');
  if (!rest.length) return first;
  return `${first}\n${rest.map((line) => (line ? `${' '.repeat(column)}${line}` : line)).join('\n')}\n`;
}

/** A value on one line: plain or quoted as yaml would write it, a JSON string when it spans lines. */
function inlineValue(value: string, json: boolean): string {
  if (json || value.includes('\n')) return JSON.stringify(value);
  const written = stringify(value, STRINGIFY).replace(/\n$/, '');
  return written.includes('\n') ? JSON.stringify(value) : written;
}

/** Changes that set `fields` on the mapping `map`; `json` writes keys and values as JSON (JSON files, JSON Lines). */
export function setMapFields(text: string, map: YAMLMap, fields: Readonly<Record<string, string>>, json: boolean): Change[] {
  const changes: Change[] = [];
  const added: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(fields)) {
    const pair = map.items.find((p) => isPair(p) && keyName(p) === name);
    if (!pair) {
      added.push([name, value]);
      continue;
    }
    const node = pair.value as Node | null;
    if (isEmptyValue(node)) {
      const colon = text.indexOf(':', (pair.key as Node).range![1]);
      changes.push({ start: colon + 1, end: colon + 1, newText: ` ${inlineValue(value, json || !!map.flow)}` });
      continue;
    }
    const [start, end] = node!.range!;
    const wasBlock = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
    const keyColumn = columnAt(text, (pair.key as Node).range![0]);
    // A block scalar owns its line break; a one-line value is followed by the rest of its line.
    const newText = wasBlock && !map.flow ? endWithBreak(blockValue(value, keyColumn)) : inlineValue(value, json || !!map.flow);
    changes.push({ start, end, newText });
  }
  if (added.length) changes.push(map.flow ? addToFlow(text, map, added) : addToBlock(text, map, added));
  const br = /\r\n/.test(text) ? '\r\n' : '\n';
  return changes.map((c) => ({ ...c, newText: c.newText.replace(/\r?\n/g, br) }));
}

function endWithBreak(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function lastPairEnd(map: YAMLMap): number | undefined {
  const last = map.items[map.items.length - 1];
  if (!last) return undefined;
  const value = last.value as Node | null;
  return value?.range?.[1] ?? (last.key as Node).range?.[1];
}

function addToFlow(text: string, map: YAMLMap, added: ReadonlyArray<[string, string]>): Change {
  const [start, end] = map.range!;
  const entries = added.map(([name, value]) => `${JSON.stringify(name)}: ${JSON.stringify(value)}`);
  const after = lastPairEnd(map);
  if (after === undefined) {
    const open = text.indexOf('{', start);
    return { start: open + 1, end: open + 1, newText: entries.join(', ') };
  }
  const multiline = text.slice(start, end).includes('\n');
  const lastKey = (map.items[map.items.length - 1].key as Node).range![0];
  const separator = multiline ? `,\n${' '.repeat(columnAt(text, lastKey))}` : ', ';
  return { start: after, end: after, newText: entries.map((e) => `${separator}${e}`).join('') };
}

function addToBlock(text: string, map: YAMLMap, added: ReadonlyArray<[string, string]>): Change {
  const firstKey = (map.items[0].key as Node).range![0];
  const column = columnAt(text, firstKey);
  const indent = ' '.repeat(column);
  const lines = added.map(([name, value]) => {
    const written = blockValue(value, column);
    return `${indent}${stringify(name, STRINGIFY).replace(/\n$/, '')}: ${written.endsWith('\n') ? written.slice(0, -1) : written}`;
  });
  const after = lastPairEnd(map)!;
  if (text[after - 1] === '\n') return { start: after, end: after, newText: `${lines.join('\n')}\n` };
  // After the rest of the last value's line, so a comment on it stays there.
  let lineEnd = text.indexOf('\n', after);
  if (lineEnd < 0) lineEnd = text.length;
  const at = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return { start: at, end: at, newText: lines.map((line) => `\n${line}`).join('') };
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}
