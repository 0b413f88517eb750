import { setVar } from '../dataset/row.js';
import { exactIntegers } from '../yamlPositions.js';

// One inline testData row read without the YAML library, when it is written the simple way most
// rows are: `- key: value` lines at one indent, each value a one-line plain or quoted scalar.
// Anything else – nested values, block scalars, anchors, tags, comments after a value, numbers
// other than plain integers – answers undefined, and the caller lets the YAML library read the row.
// What this accepts it must read exactly as `yaml` does (the YAML 1.2 core schema, integers made
// exact as in yamlPositions.ts); test/unit/core/testDataBlock.test.ts compares the two.

const KEY_VALUE = /^([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?$/;
const SINGLE_QUOTED = /^'((?:[^']|'')*)'$/;
const DOUBLE_QUOTED = /^"((?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*)"$/;
const INTEGER = /^-?[0-9]+$/;
/** Plain scalars the core schema reads as something other than text, or that need YAML's rules. */
const NOT_TEXT = /^(?:null|Null|NULL|~|true|True|TRUE|false|False|FALSE|[-+.0-9].*)$/;
/** A first character with a meaning of its own in YAML. */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** Characters YAML treats apart (line breaks, controls, a byte-order mark): such rows are the library's. */
const UNUSUAL = /[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029\ufeff]/;

/** The row's value, or undefined when it is not simple. `lines` are the row's lines, the first starting with `- ` at `indent`. */
export function simpleRow(lines: readonly string[], indent: number): Record<string, unknown> | undefined {
  const row: Record<string, unknown> = {};
  const inner = ' '.repeat(indent + 2);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let body: string;
    if (i === 0) body = line.slice(indent + 2);
    else if (isBlankOrComment(line)) continue;
    else if (line.startsWith(inner) && line.charCodeAt(inner.length) > 32) body = line.slice(inner.length);
    else return undefined;
    const match = KEY_VALUE.exec(body);
    if (!match || match[2] === undefined || NOT_TEXT.test(match[1]) || Object.hasOwn(row, match[1])) return undefined;
    const value = scalar(match[2].trimEnd());
    if (value === undefined) return undefined;
    setVar(row, match[1], value.v);
  }
  return row;
}

export function isBlankOrComment(line: string): boolean {
  const text = line.trimStart();
  return text === '' || text.startsWith('#');
}

function scalar(text: string): { v: unknown } | undefined {
  if (text === '' || UNUSUAL.test(text)) return undefined;
  const first = text[0];
  if (first === "'") {
    const m = SINGLE_QUOTED.exec(text);
    return m ? { v: m[1].replaceAll("''", "'") } : undefined;
  }
  if (first === '"') {
    const m = DOUBLE_QUOTED.exec(text);
    return m ? { v: JSON.parse(text) as string } : undefined;
  }
  if (INTEGER.test(text)) return { v: exactIntegers('', BigInt(text)) };
  if (NOT_TEXT.test(text) || INDICATOR.test(text) || text.includes(': ') || text.includes(' #') || text.endsWith(':') || text.includes('\t')) return undefined;
  return { v: text };
}
