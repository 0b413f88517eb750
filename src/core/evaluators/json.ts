import { JSONPath } from 'jsonpath-plus';
import { render } from '../template.js';
import type { EvalContext, Evaluator, ParsedJson, Verdict } from './types.js';
import { schemaVerdict } from './jsonSchema.js';

const FENCED = /^```(?:json)?\s*\n([\s\S]*?)\n```$/;

/** Parses a model's output as JSON, accepting one surrounding ``` fence that chat models like to add. */
export function parseOutputJson(output: string): ParsedJson {
  const text = output.trim();
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const fenced = FENCED.exec(text);
    if (fenced) {
      try {
        return { ok: true, value: JSON.parse(fenced[1]) };
      } catch {
        // fall through to the original error, which points into the text as the model wrote it
      }
    }
    return { ok: false, error: (error as Error).message };
  }
}

export function evaluateJson(e: Evaluator, ctx: EvalContext): Verdict {
  return ctx.json.ok
    ? { name: e.name, kind: 'json', passed: true, score: 1, reason: 'output is valid JSON' }
    : { name: e.name, kind: 'json', passed: false, score: 0, reason: `output is not JSON: ${ctx.json.error}` };
}

export function evaluateJsonSchema(e: Evaluator, ctx: EvalContext): Verdict {
  const schema = e.jsonSchema === true ? ctx.outputSchema : e.jsonSchema;
  if (schema === undefined) {
    return { name: e.name, kind: 'jsonSchema', passed: false, score: 0, reason: 'jsonSchema: true needs the prompt to declare a jsonSchema', evaluatorError: true };
  }
  return { ...schemaVerdict(e.name, schema, ctx.json), name: e.name };
}

export function evaluateJsonPath(e: Evaluator, ctx: EvalContext): Verdict {
  const spec = e.jsonPath!;
  const verdict = (passed: boolean, reason: string): Verdict => ({ name: e.name, kind: 'jsonPath', passed, score: passed ? 1 : 0, reason });
  if (!ctx.json.ok) return verdict(false, `output is not JSON: ${ctx.json.error}`);
  let found: unknown[];
  try {
    found = JSONPath({ path: spec.path, json: ctx.json.value as object, wrap: true }) as unknown[];
  } catch (error) {
    return { ...verdict(false, `bad JSON path ${spec.path}: ${(error as Error).message}`), evaluatorError: true };
  }
  if (spec.exists !== undefined && !('equals' in spec)) {
    const exists = found.length > 0;
    return verdict(exists === spec.exists, `${spec.path} ${exists ? 'exists' : 'does not exist'}`);
  }
  const want = typeof spec.equals === 'string' ? render(spec.equals, ctx.vars) : spec.equals;
  if (found.length === 0) return verdict(false, `${spec.path} not found (expected ${JSON.stringify(want)})`);
  const actual = found.length === 1 ? found[0] : found;
  const passed = sameValue(actual, want);
  return verdict(passed, passed ? `${spec.path} = ${JSON.stringify(actual)}` : `${spec.path} = ${JSON.stringify(actual)}, expected ${JSON.stringify(want)}`);
}

/** Deep equality, letting a templated string match a scalar ("3" from a CSV equals 3). */
export function sameValue(actual: unknown, want: unknown): boolean {
  if (typeof want === 'string' && actual !== null && typeof actual !== 'object') return String(actual) === want;
  return JSON.stringify(canonical(actual)) === JSON.stringify(canonical(want));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}
