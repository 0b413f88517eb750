import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Diagnostic, Range } from '../diagnostics.js';
import { codePaths, evaluatorSchema, type Evaluator } from '../evaluators/registry.js';
import { CODE_NOT_ALLOWED } from '../evaluators/codeModule.js';
import { describeValue, issueMessage } from '../prompt/issues.js';
import { stringifyVar } from '../template.js';

// One row shape everywhere – inline testData, JSONL, YAML and CSV: a flat map of variables plus
// reserved keys: `expected` (also a variable, as in gh models), `_id` (the case's name) and
// `_evaluators` (evaluators for this row only).

export const RESERVED_KEYS = ['_id', '_evaluators'] as const;

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
}

export interface RawRow {
  value: unknown;
  source: CaseSource;
  /** "row 3" / "line 7": how to name the row in messages. */
  name: string;
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
  const error = (message: string, code: string): Diagnostic => ({ file: source.file, range: source.range, severity: 'error', message, code });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { diagnostics: [error(`${name} must be a mapping of variables (got ${describeValue(value)})`, 'dataset/not-a-mapping')] };
  }
  const diagnostics: Diagnostic[] = [];
  const vars: Record<string, unknown> = {};
  let id: string | undefined;
  let evaluators: Evaluator[] = [];
  for (const [key, v] of Object.entries(value)) {
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
    id: id ?? `row-${hashVars(vars)}`,
    label: id ?? labelFor(vars),
    vars,
    evaluators,
    source,
  };
  if (Object.hasOwn(vars, 'expected')) evalCase.expected = vars.expected;
  return { case: evalCase, diagnostics };
}

/** "[0].javascript" for every code evaluator in the row's list. */
function refusedCode(evaluators: readonly Evaluator[]): string[] {
  return evaluators.flatMap((e, i) => codePaths(e).map((path) => `[${i}].${path.join('.')}`));
}

/** A variable named like an Object builtin ("__proto__", "constructor") is an own property like any other. */
function setVar(vars: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(vars, key, { value, enumerable: true, writable: true, configurable: true });
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
  return createHash('sha256').update(canonical).digest('hex').slice(0, 10);
}

function labelFor(vars: Record<string, unknown>): string {
  const [key, first] = Object.entries(vars).find(([k]) => k !== 'expected') ?? Object.entries(vars)[0] ?? ['', ''];
  if (!key) return '(empty row)';
  const text = stringifyVar(first).replace(/\s+/g, ' ').trim();
  return `${key}: ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}
