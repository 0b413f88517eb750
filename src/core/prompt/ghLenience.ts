import { isScalar, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { EVALUATOR_KEYS } from '../evaluators/registry.js';
import type { LocatedYaml, PathSegment } from '../yamlPositions.js';
import { STRING_CHECKS } from '../evaluators/string.js';

// gh models reads a prompt file with Go's YAML library into typed structs, and some files that
// look wrong are fine there. This pass reads such files the way gh does, before validation, and
// says so with a positioned warning (an error under `workbench.strict: true` or `--strict`):
//   - a number or boolean in a text field is its text as written (`equals: 4.0` is "4.0");
//   - an empty or null text field is unset (`{equals: "", contains: paris}` checks contains);
//   - an evaluator without a name still runs;
//   - an evaluator with several kinds runs the first gh knows in gh's order (string, llm, uses).
// github/gh-models pkg/prompt/prompt.go (the File, Evaluator, StringEvaluator and LLMEvaluator
// structs) and cmd/eval/eval.go (runSingleEvaluator, runStringEvaluator).

/** Diagnostic codes that mean "gh models accepts this; it may be a mistake" – errors when strict. */
export const GH_LENIENT_CODES = new Set([
  'gh/scalar-as-text',
  'gh/empty-is-unset',
  'gh/unnamed-evaluator',
  'gh/several-kinds',
  'gh/unknown-uses',
  'template/spaced-placeholder',
  'template/undefined-var',
  'dataset/missing-var',
]);

type Data = Record<string, unknown>;

interface Pass {
  yaml: LocatedYaml;
  file: string;
  out: Diagnostic[];
}

function warn(pass: Pass, path: PathSegment[], message: string, code: string, key = false): void {
  const range = key ? pass.yaml.keyRangeOf(path) : pass.yaml.rangeOf(path);
  pass.out.push({ file: pass.file, severity: 'warning', message, range, code });
}

function isMapping(value: unknown): value is Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The scalar's text as written in the file (what Go's YAML library puts in a string field). */
function sourceText(pass: Pass, path: PathSegment[], value: unknown): string {
  const node = pass.yaml.doc.getIn(path, true) as Node | undefined;
  if (isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string') return node.source;
  return String(value);
}

/**
 * A text field: numbers and booleans become their text; null and "" become unset (deleted) when
 * `emptyIsUnset`, else "". Returns whether the field is now set.
 */
function textField(pass: Pass, holder: Data, key: string, path: PathSegment[], options: { emptyIsUnset: boolean; quietNull?: boolean }): boolean {
  const value = holder[key];
  if (value === undefined) return false;
  const where = [...path, key];
  if (typeof value === 'number' || typeof value === 'boolean') {
    holder[key] = sourceText(pass, where, value);
    warn(
      pass,
      where,
      `${describe(where)} is ${typeof value} ${JSON.stringify(value)}; gh models reads it as the text "${String(holder[key])}" – quote it if that is what you mean`,
      'gh/scalar-as-text',
    );
    return true;
  }
  if (value !== null && value !== '') return true;
  if (!options.emptyIsUnset) {
    holder[key] = '';
    if (!options.quietNull && value === null) warn(pass, where, `${describe(where)} is empty; gh models sends it as empty text`, 'gh/empty-is-unset');
    return true;
  }
  delete holder[key];
  if (!options.quietNull) warn(pass, where, `${describe(where)} is empty, which gh models treats as not set`, 'gh/empty-is-unset', true);
  return false;
}

function describe(path: readonly PathSegment[]): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}

/** gh's own order first (the switch in runSingleEvaluator), then the workbench kinds. */
const KIND_ORDER: readonly string[] = EVALUATOR_KEYS;

function evaluator(pass: Pass, item: unknown, path: PathSegment[], index: number): void {
  if (!isMapping(item)) return;
  const string = item.string;
  if (isMapping(string)) {
    for (const check of STRING_CHECKS) textField(pass, string, check, [...path, 'string'], { emptyIsUnset: true });
  }
  const llm = item.llm;
  if (isMapping(llm)) {
    for (const field of ['modelId', 'prompt', 'systemPrompt']) textField(pass, llm, field, [...path, 'llm'], { emptyIsUnset: field !== 'prompt' });
    if (Array.isArray(llm.choices)) llm.choices.forEach((c, j) => isMapping(c) && textField(pass, c, 'choice', [...path, 'llm', 'choices', j], { emptyIsUnset: false }));
  }
  textField(pass, item, 'uses', path, { emptyIsUnset: true });
  const kinds = KIND_ORDER.filter((k) => item[k] !== undefined);
  if (kinds.length > 1) {
    warn(pass, [...path, kinds[1]], `this evaluator has ${kinds.join(' and ')}; only ${kinds[0]} runs, as in gh models – split it into ${kinds.length} evaluators`, 'gh/several-kinds', true);
    for (const extra of kinds.slice(1)) delete item[extra];
  }
  textField(pass, item, 'name', path, { emptyIsUnset: true, quietNull: true });
  if (item.name === undefined) {
    item.name = `${kinds[0] ?? 'evaluator'} #${index + 1}`;
    warn(pass, path, `this evaluator has no name; gh models runs it anyway – it is shown as "${item.name}"`, 'gh/unnamed-evaluator');
  }
}

/** Reads `data` (a copy is changed, never the input) the way gh models does; the warnings say where it differs from the strict reading. */
export function applyGhLenience(input: Data, yaml: LocatedYaml, file: string): { data: Data; diagnostics: Diagnostic[] } {
  const data = structuredClone(input);
  const pass: Pass = { yaml, file, out: [] };
  for (const key of ['name', 'description']) textField(pass, data, key, [], { emptyIsUnset: false, quietNull: true });
  textField(pass, data, 'model', [], { emptyIsUnset: true, quietNull: true });
  if (Array.isArray(data.messages)) {
    data.messages.forEach((m, i) => {
      if (!isMapping(m)) return;
      textField(pass, m, 'role', ['messages', i], { emptyIsUnset: true });
      textField(pass, m, 'content', ['messages', i], { emptyIsUnset: false });
    });
  }
  const lists: [unknown, PathSegment[]][] = [[data.evaluators, ['evaluators']]];
  if (isMapping(data.workbench)) lists.push([data.workbench.evaluators, ['workbench', 'evaluators']]);
  for (const [list, path] of lists) if (Array.isArray(list)) list.forEach((item, i) => evaluator(pass, item, [...path, i], i));
  return { data, diagnostics: pass.out };
}

/** Under strict reading, gh's leniencies are errors. */
export function applyStrictness(diagnostics: Diagnostic[], strict: boolean): void {
  if (!strict) return;
  for (const d of diagnostics) if (d.code && GH_LENIENT_CODES.has(d.code) && d.severity === 'warning') d.severity = 'error';
}
