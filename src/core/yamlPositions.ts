import { LineCounter, isMap, isSeq, isScalar, isPair, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic, Position, Range } from './diagnostics.js';

export type PathSegment = string | number;

/** A parsed YAML text that can answer "where is this path?" with 0-based positions. */
export interface LocatedYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Range of the value at `path`, or of the closest existing ancestor. */
  rangeOf(path: readonly PathSegment[]): Range;
  /** Range of the key at `path` (falls back to the value's range). */
  keyRangeOf(path: readonly PathSegment[]): Range;
  positionAt(offset: number): Position;
  /** The text of a 0-based line, without its line break. */
  lineText(line: number): string;
  syntaxErrors(file: string): Diagnostic[];
}

export function parseLocatedYaml(text: string): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const positionAt = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: line - 1, column: col - 1 };
  };
  const spanOf = (node: { range?: [number, number, number] | null } | null | undefined): Range | undefined => {
    if (!node?.range) return undefined;
    return { start: positionAt(node.range[0]), end: positionAt(node.range[1]) };
  };
  const walk = (path: readonly PathSegment[], wantKey: boolean): Range => {
    let node: unknown = doc.contents;
    let best = spanOf(doc.contents as Node | null) ?? { start: positionAt(0), end: positionAt(0) };
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return best;
        const keyRange = spanOf(pair.key as Node);
        if (last && wantKey && keyRange) return keyRange;
        node = pair.value;
        best = spanOf(pair.value as Node | null) ?? keyRange ?? best;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (!item) return best;
        node = item;
        best = spanOf(item as Node) ?? best;
      } else {
        return best;
      }
    }
    return best;
  };
  return {
    doc,
    lineCounter,
    positionAt,
    lineText: (line) => {
      const start = lineCounter.lineStarts[line];
      if (start === undefined) return '';
      const end = lineCounter.lineStarts[line + 1] ?? text.length;
      return text.slice(start, end).replace(/\r?\n$/, '');
    },
    rangeOf: (path) => walk(path, false),
    keyRangeOf: (path) => walk(path, true),
    syntaxErrors: (file) =>
      [...doc.errors, ...doc.warnings].map((e) => ({
        file,
        severity: doc.errors.includes(e) ? 'error' : 'warning',
        message: `YAML: ${firstLine(e.message)}`,
        range: { start: positionAt(e.pos[0]), end: positionAt(Math.max(e.pos[1], e.pos[0])) },
        code: `yaml/${e.code}`,
      })),
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
