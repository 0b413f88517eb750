import { JSONPath } from 'jsonpath-plus';
import { z } from 'zod';
import { render } from '../template.js';
import { defineKind, pass } from './kind.js';

const schema = z
  .object({
    path: z.string().min(1).describe('A JSONPath, like $.diet or $.items[0].name.'),
    equals: z.unknown().optional().describe("The value found there; text is templated with the row's {{vars}}."),
    exists: z.boolean().optional().describe('Whether anything is found there.'),
  })
  .refine((j) => 'equals' in j || j.exists !== undefined, { message: 'needs equals or exists' });

export const jsonPathKind = defineKind({
  key: 'jsonPath',
  schema,
  gh: false,
  needsJson: true,
  callsModel: false,
  doc: 'A value in the JSON output `equals` an expected value (templated), or `exists`.',
  example: { path: '$.diet', equals: '{{diet}}' },
  run(spec, ctx) {
    if (!ctx.json.ok) return pass(false, `output is not JSON: ${ctx.json.error}`);
    let found: unknown[];
    try {
      found = JSONPath<unknown[]>({ path: spec.path, json: ctx.json.value as object, wrap: true });
    } catch (error) {
      return { ...pass(false, `bad JSON path ${spec.path}: ${(error as Error).message}`), evaluatorError: true };
    }
    if (spec.exists !== undefined && !('equals' in spec)) {
      const exists = found.length > 0;
      return pass(exists === spec.exists, `${spec.path} ${exists ? 'exists' : 'does not exist'}`);
    }
    const want = typeof spec.equals === 'string' ? render(spec.equals, ctx.vars) : spec.equals;
    if (found.length === 0) return pass(false, `${spec.path} not found (expected ${JSON.stringify(want)})`);
    const actual = found.length === 1 ? found[0] : found;
    const passed = sameValue(actual, want);
    return pass(passed, passed ? `${spec.path} = ${JSON.stringify(actual)}` : `${spec.path} = ${JSON.stringify(actual)}, expected ${JSON.stringify(want)}`);
  },
});

/** Deep equality, letting a templated string match a scalar ("3" from a CSV equals 3). */
export function sameValue(actual: unknown, want: unknown): boolean {
  if (typeof want === 'string' && isScalar(actual)) return String(actual) === want;
  return JSON.stringify(canonical(actual)) === JSON.stringify(canonical(want));
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
