import { isMap, isSeq, isScalar, isPair, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Diagnostic, Position, Range } from './diagnostics.js';
import { lineIndex } from './lineIndex.js';

export type PathSegment = string | number;

/** A parsed YAML text that can answer "where is this path?" with 0-based positions. */
export interface LocatedYaml {
  doc: Document.Parsed;
  /** Range of the value at `path`, or of the closest existing ancestor. */
  rangeOf(path: readonly PathSegment[]): Range;
  /** Range of the key at `path` (falls back to the value's range). */
  keyRangeOf(path: readonly PathSegment[]): Range;
  positionAt(offset: number): Position;
  /** The text of a 0-based line, without its line break. */
  lineText(line: number): string;
  syntaxErrors(file: string): Diagnostic[];
  /** The document (or one node of it) as plain data, or a positioned error for aliases that do not resolve or expand too far. */
  toJS(file: string, node?: Node): { ok: true; value: unknown } | { ok: false; diagnostic: Diagnostic };
}

export function parseLocatedYaml(text: string): LocatedYaml {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const lines = lineIndex(text);
  const positionAt = (offset: number): Position => lines.positionAt(offset);
  const spanOf = (node: { range?: [number, number, number] | null } | null | undefined): Range | undefined => {
    if (!node?.range) return undefined;
    return { start: positionAt(node.range[0]), end: positionAt(node.range[1]) };
  };
  const walk = (path: readonly PathSegment[], wantKey: boolean): Range => {
    let node: unknown = doc.contents;
    let best = spanOf(doc.contents) ?? { start: positionAt(0), end: positionAt(0) };
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
        best = spanOf(item) ?? best;
      } else {
        return best;
      }
    }
    return best;
  };
  return {
    doc,
    positionAt,
    lineText: (line) => lines.lineText(line),
    toJS(file, node) {
      try {
        return { ok: true, value: node ? node.toJS(doc) : doc.toJS() };
      } catch (error) {
        let alias: Range | undefined;
        visit(node ?? doc, {
          Alias(_, a) {
            if (!alias && !a.resolve(doc)) alias = spanOf(a);
          },
        });
        const range = alias ?? spanOf(node ?? doc.contents) ?? { start: positionAt(0), end: positionAt(0) };
        return { ok: false, diagnostic: { file, severity: 'error', message: `YAML: ${firstLine((error as Error).message)}`, range, code: 'yaml/alias' } };
      }
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
