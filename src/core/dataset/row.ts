import { z } from 'zod';
import type { Diagnostic, Range } from '../diagnostics.js';
import { codePaths, evaluatorSchema, type Evaluator } from '../evaluators/registry.js';
import { CODE_NOT_ALLOWED } from '../evaluators/codeModule.js';
import { describeValue, issueMessage } from '../prompt/issues.js';
import { stringifyVar } from '../template.js';
import { sha256Hex } from '../sha256.js';
import type { ChatMessage } from '../chat.js';
import { imageListSchema, rowToolResultsSchema, turnListSchema } from '../conversation/turns.js';

// One row shape everywhere – inline testData, JSONL, YAML and CSV: a flat map of variables plus
// reserved keys: `expected` (also a variable, as in gh models), `_id` (the case's name),
// `_evaluators` (evaluators for this row only), `_messages` (earlier turns of a conversation),
// `_images` (images for the last user message) and `_toolResults` (mocked tool results). gh models
// reads rows as maps of variables, so these keys are simply unused there.

export const RESERVED_KEYS = ['_id', '_evaluators', '_messages', '_images', '_toolResults'] as const;

export interface CaseSource {
  /** Absolute path of the file holding the row. */
  file: string;
  /** 0-based range of the row in that file. */
  range: Range;
}

export interface EvalCase {
  /** Stable across runs: `_id`, or a hash of the row's variables. */
  id: string;
  label: string;
  vars: Record<string, unknown>;
  expected?: unknown;
  evaluators: Evaluator[];
  source: CaseSource;
  /** `_messages`: earlier turns, placed after the prompt's leading system message(s). */
  turns?: ChatMessage[];
  /** `_images`: local paths (relative to the row's file) or https URLs, as written. */
  images?: string[];
  /** `_toolResults`: mocked tool results for this row. */
  toolResults?: Record<string, unknown>;
  /** Width and height of each image when known (set as the prompt is prepared; null for URLs and unreadable files). */
  imageSizes?: ({ width: number; height: number } | null)[];
}

export interface RawRow {
  value: unknown;
  source: CaseSource;
  /** "row 3" / "line 7": how to name the row in messages. */
  name: string;
  /** Set when the row's text was read before (prompt/rowMemo.ts): where the case made from it is kept. */
  reuse?: RowReuse;
}

/** The case made from a row the editor keeps, without its place: the same text makes the same case. */
export interface RowReuse {
  made?: { allowCode: boolean; fields: Omit<EvalCase, 'source'> };
}

export interface RowParse {
  rows: RawRow[];
  diagnostics: Diagnostic[];
}

const evaluatorList = z.array(evaluatorSchema);

export interface RowOptions {
  /** Code evaluators (`javascript`) in `_evaluators` may run; otherwise the row is refused. */
  allowCode?: boolean;
}

export function toCase(raw: RawRow, options: RowOptions = {}): { case?: EvalCase; diagnostics: Diagnostic[] } {
  const { value, source, name } = raw;
  const made = raw.reuse?.made;
  if (made && made.allowCode === !!options.allowCode) return { case: { ...made.fields, source }, diagnostics: [] };
  const error = (message: string, code: string): Diagnostic => ({ file: source.file, range: source.range, severity: 'error', message, code });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { diagnostics: [error(`${name} must be a mapping of variables (got ${describeValue(value)})`, 'dataset/not-a-mapping')] };
  }
  const diagnostics: Diagnostic[] = [];
  const vars: Record<string, unknown> = {};
  let id: string | undefined;
  let evaluators: Evaluator[] = [];
  const extras: Pick<EvalCase, 'turns' | 'images' | 'toolResults'> = {};
  // Keys, not entries: a million rows would make five million [key, value] pairs to throw away.
  const row = value as Record<string, unknown>;
  for (const key of Object.keys(row)) {
    const v = row[key];
    if (key === '_id') {
      if ((typeof v !== 'string' && typeof v !== 'number') || String(v).trim() === '') diagnostics.push(error(`${name}: _id must be non-empty text`, 'dataset/bad-id'));
      else id = String(v);
    } else if (key === '_evaluators') {
      const list = typeof v === 'string' ? parseJsonCell(v) : v;
      const parsed = evaluatorList.safeParse(list);
      if (parsed.success) evaluators = parsed.data;
      if (parsed.success && !options.allowCode)
        diagnostics.push(...refusedCode(evaluators).map((where) => error(`${name}: _evaluators${where} evaluator refused: ${CODE_NOT_ALLOWED}`, 'evaluator/code-not-allowed')));
      else if (!parsed.success)
        diagnostics.push(...parsed.error.issues.map((i) => error(`${name}: ${issueMessage({ ...i, path: ['_evaluators', ...i.path] }, { _evaluators: list })}`, 'dataset/bad-evaluators')));
    } else if (key === '_messages' || key === '_images' || key === '_toolResults') {
      const read = readReserved(key, v);
      if (read.ok) Object.assign(extras, read.value);
      else diagnostics.push(...read.problems.map((p) => error(`${name}: ${p}`, 'dataset/bad-reserved')));
    } else if (key.startsWith('_')) {
      diagnostics.push({
        ...error(`${name}: "${key}" starts with "_", which is reserved (known: ${RESERVED_KEYS.join(', ')}); it is used as a variable`, 'dataset/reserved-key'),
        severity: 'warning',
      });
      setVar(vars, key, v);
    } else {
      setVar(vars, key, v);
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const evalCase: EvalCase = {
    id: id ?? `row-${hashVars(withExtras(vars, extras))}`,
    label: id ?? labelFor(vars, extras.turns),
    vars,
    evaluators,
    source,
    ...extras,
  };
  if (Object.hasOwn(vars, 'expected')) evalCase.expected = vars.expected;
  // Kept only without diagnostics: theirs name the row by its place.
  if (raw.reuse && diagnostics.length === 0) {
    const { source: _placed, ...fields } = evalCase;
    raw.reuse.made = { allowCode: !!options.allowCode, fields };
  }
  return { case: evalCase, diagnostics };
}

const RESERVED_SCHEMAS = { _messages: turnListSchema, _images: imageListSchema, _toolResults: rowToolResultsSchema } as const;
const EXTRA_FIELD = { _messages: 'turns', _images: 'images', _toolResults: 'toolResults' } as const;

/** `_messages`, `_images` or `_toolResults`, from YAML/JSON or a JSON cell of a CSV row. */
function readReserved(key: keyof typeof RESERVED_SCHEMAS, raw: unknown): { ok: true; value: Partial<EvalCase> } | { ok: false; problems: string[] } {
  const cell = typeof raw === 'string' ? parseJsonCell(raw) : raw;
  // One image may be written without a list.
  const value = key === '_images' && typeof cell === 'string' ? [cell] : cell;
  const parsed = RESERVED_SCHEMAS[key].safeParse(value);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => issueMessage({ ...i, path: [key, ...i.path] }, { [key]: value })) };
  return { ok: true, value: { [EXTRA_FIELD[key]]: parsed.data } };
}

/** Rows that differ only in their turns, images or mocks are different cases: their ids must differ too. */
function withExtras(vars: Record<string, unknown>, extras: Pick<EvalCase, 'turns' | 'images' | 'toolResults'>): Record<string, unknown> {
  if (!extras.turns && !extras.images && !extras.toolResults) return vars;
  return { ...vars, ...(extras.turns ? { _messages: extras.turns } : {}), ...(extras.images ? { _images: extras.images } : {}), ...(extras.toolResults ? { _toolResults: extras.toolResults } : {}) };
}

/** "[0].javascript" for every code evaluator in the row's list. */
function refusedCode(evaluators: readonly Evaluator[]): string[] {
  return evaluators.flatMap((e, i) => codePaths(e).map((path) => `[${i}].${path.join('.')}`));
}

/** A variable named like an Object builtin ("__proto__", "constructor") is an own property like any other. */
export function setVar(vars: Record<string, unknown>, key: string, value: unknown): void {
  // Only "__proto__" is special to assignment; defining every key would cost a million rows seconds.
  if (key === '__proto__') Object.defineProperty(vars, key, { value, enumerable: true, writable: true, configurable: true });
  else vars[key] = value;
}

function parseJsonCell(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function hashVars(vars: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(vars)
      .sort()
      .map((k) => [k, vars[k]]),
  );
  return sha256Hex(canonical).slice(0, 10);
}

function labelFor(vars: Record<string, unknown>, turns?: readonly ChatMessage[]): string {
  const [key, first] = Object.entries(vars).find(([k]) => k !== 'expected') ?? Object.entries(vars)[0] ?? ['', ''];
  const lastTurn = turns?.[turns.length - 1];
  if (!key && lastTurn) return `${lastTurn.role}: ${clipLabel(lastTurn.content)}`;
  if (!key) return '(empty row)';
  return `${key}: ${clipLabel(stringifyVar(first))}`;
}

function clipLabel(value: string): string {
  const text = value.replace(/\s+/g, ' ').trim();
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
