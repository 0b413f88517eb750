import { isMap, isSeq, isScalar, isPair, parseAllDocuments, parseDocument, visit, type Document, type DocumentOptions, type Node, type ParseOptions, type SchemaOptions } from 'yaml';
import type { Diagnostic, Position, Range } from './diagnostics.js';
import { lineIndex, type LineGap } from './lineIndex.js';

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
  /** The file's text between two offsets. */
  sourceText(start: number, end: number): string;
  syntaxErrors(file: string): Diagnostic[];
  /** The document (or one node of it) as plain data, or a positioned error for aliases that do not resolve or expand too far. */
  toJS(file: string, node?: Node): { ok: true; value: unknown } | { ok: false; diagnostic: Diagnostic };
}

// Read the way gh models' Go YAML library reads it: `<<` merge keys merged, integers beyond 2^53
// exact (as text), only the first of several documents. Warnings the yaml library would print on
// the process (a mapping used as a key) become positioned diagnostics instead.
const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = { prettyErrors: false, uniqueKeys: true, merge: true, intAsBigInt: true, logLevel: 'error' };

/** Integers are read as BigInt so that none is rounded; those a number holds exactly become numbers again. */
export function exactIntegers(_key: unknown, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}

/** The first document; the others are reported (gh models reads only the first one too). */
function firstDocument(text: string): { doc: Document.Parsed; extra: { start: number; end: number } | undefined } {
  const doc = parseDocument(text, OPTIONS);
  if (!doc.errors.some((e) => e.code === 'MULTIPLE_DOCS')) return { doc, extra: undefined };
  const all = parseAllDocuments(text, OPTIONS);
  const docs = Array.isArray(all) ? all : [all];
  const next = docs[1]?.range?.[0] ?? text.length;
  return { doc: docs[0], extra: { start: next, end: text.length } };
}

/** `gap`: lines left out of the text (prompt/testDataBlock.ts), so that positions are the whole file's. */
export function parseLocatedYaml(text: string, gap?: LineGap): LocatedYaml {
  const { doc, extra } = firstDocument(text);
  const lines = lineIndex(text, gap);
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
    sourceText: (start, end) => text.slice(start, end),
    toJS(file, node) {
      try {
        return { ok: true, value: node ? node.toJS(doc, { reviver: exactIntegers }) : doc.toJS({ reviver: exactIntegers }) };
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
    syntaxErrors: (file) => [
      ...[...doc.errors, ...doc.warnings].map((e): Diagnostic => ({
        file,
        severity: doc.errors.includes(e) ? 'error' : 'warning',
        message: `YAML: ${firstLine(e.message)}`,
        range: { start: positionAt(e.pos[0]), end: positionAt(Math.max(e.pos[1], e.pos[0])) },
        code: `yaml/${e.code}`,
      })),
      ...collectionKeys(doc, file, spanOf),
      ...(extra
        ? [
            {
              file,
              severity: 'warning' as const,
              message: 'the file holds several YAML documents (separated by "---"); only the first is read, as gh models does',
              range: { start: positionAt(extra.start), end: positionAt(extra.start) },
              code: 'yaml/multiple-documents',
            },
          ]
        : []),
    ],
  };
}

/** A mapping or list used as a key (`? [a, b]`) cannot be a variable or setting name. */
function collectionKeys(doc: Document.Parsed, file: string, spanOf: (node: Node) => Range | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (!pair.key || isScalar(pair.key)) return;
      const range = spanOf(pair.key as Node);
      if (range) out.push({ file, severity: 'error', message: 'a key must be plain text, not a list or mapping', range, code: 'yaml/collection-key' });
    },
  });
  return out;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
