import { JSONPath } from 'jsonpath-plus';
import { z } from 'zod';
import { renderDeep } from '../template.js';
import { describeCall, type ToolCallStep } from '../tools/trajectory.js';
import { defineKind, pass } from './kind.js';
import { sameValue } from './jsonPath.js';
import { compileSchema, validateAgainst } from './jsonSchema.js';

// `toolCall: {name, arguments?}` – the model called this function at least once (over every turn of
// the case's tool loop), and with arguments that pass the checks given, written like the JSON
// evaluators: `equals` (the whole arguments object), `jsonPath` and `jsonSchema`. `noToolCall: true`
// – the model answered without calling anything.

export const argumentChecksSchema = z
  .object({
    equals: z.unknown().optional().describe("The whole arguments object; text in it is templated with the row's {{vars}}."),
    jsonPath: z
      .object({
        path: z.string().min(1).describe('A JSONPath into the arguments, like $.city.'),
        equals: z.unknown().optional().describe('The value found there (templated).'),
        exists: z.boolean().optional().describe('Whether anything is found there.'),
      })
      .refine((j) => 'equals' in j || j.exists !== undefined, { message: 'needs equals or exists' })
      .optional(),
    jsonSchema: z.record(z.string(), z.unknown()).optional().describe('A JSON Schema the arguments must match.'),
  })
  .strict()
  .refine((a) => 'equals' in a || a.jsonPath !== undefined || a.jsonSchema !== undefined, { message: 'needs equals, jsonPath or jsonSchema' });

export const expectedCallSchema = z
  .object({
    name: z.string().min(1).describe('The function name.'),
    arguments: argumentChecksSchema.optional().describe('Checks on the call’s arguments (parsed as JSON).'),
  })
  .strict();

export type ExpectedCall = z.output<typeof expectedCallSchema>;

/** Why a call does not match (undefined when it does). */
export function callMismatch(call: ToolCallStep, want: ExpectedCall, vars: Readonly<Record<string, unknown>>): string | undefined {
  if (call.name !== want.name) return `called ${call.name}, not ${want.name}`;
  const checks = want.arguments;
  if (!checks) return undefined;
  let args: unknown;
  try {
    args = JSON.parse(call.arguments || '{}');
  } catch {
    return `${call.name}'s arguments are not JSON: ${clip(call.arguments)}`;
  }
  if ('equals' in checks) {
    const expected = renderDeep(checks.equals, vars);
    if (!sameArguments(args, expected)) return `${call.name}(${clip(call.arguments)}), expected arguments ${JSON.stringify(expected)}`;
  }
  if (checks.jsonPath) {
    const problem = pathMismatch(args, checks.jsonPath, vars);
    if (problem) return `${call.name}: ${problem}`;
  }
  if (checks.jsonSchema) {
    const problems = validateAgainst(checks.jsonSchema, args);
    if ('error' in problems) return `${call.name}: the JSON Schema does not compile: ${problems.error}`;
    if (problems.length) return `${call.name}: arguments ${problems[0].path} ${problems[0].message}`;
  }
  return undefined;
}

/** Deep equality where a templated string matches a scalar at any depth ("{{n}}" → "2" equals 2), as jsonPath's equals does at the top. */
function sameArguments(actual: unknown, want: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(actual) && actual.length === want.length && want.every((w, i) => sameArguments(actual[i], w));
  if (want && typeof want === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    const keys = Object.keys(want);
    return keys.length === Object.keys(a).length && keys.every((k) => Object.hasOwn(a, k) && sameArguments(a[k], (want as Record<string, unknown>)[k]));
  }
  return sameValue(actual, want);
}

function pathMismatch(args: unknown, check: NonNullable<z.output<typeof argumentChecksSchema>['jsonPath']>, vars: Readonly<Record<string, unknown>>): string | undefined {
  let found: unknown[];
  try {
    found = JSONPath<unknown[]>({ path: check.path, json: args as object, wrap: true });
  } catch (error) {
    return `bad JSON path ${check.path}: ${(error as Error).message}`;
  }
  if (!('equals' in check)) return found.length > 0 === check.exists ? undefined : `${check.path} ${found.length ? 'exists' : 'does not exist'}`;
  const want = renderDeep(check.equals, vars);
  if (found.length === 0) return `${check.path} not found (expected ${JSON.stringify(want)})`;
  const actual = found.length === 1 ? found[0] : found;
  return sameValue(actual, want) ? undefined : `${check.path} = ${JSON.stringify(actual)}, expected ${JSON.stringify(want)}`;
}

/** A schema in the checks that does not compile, found before running. */
export function checkArguments(want: ExpectedCall): string | undefined {
  const schema = want.arguments?.jsonSchema;
  if (!schema) return undefined;
  const compiled = compileSchema(schema);
  return compiled.ok ? undefined : `${want.name}: arguments jsonSchema does not compile: ${compiled.error}`;
}

function clip(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export const toolCallKind = defineKind({
  key: 'toolCall',
  schema: expectedCallSchema,
  gh: false,
  needsJson: false,
  callsModel: false,
  doc: 'The model called this function at least once (over the whole tool loop), with `arguments` passing `equals` / `jsonPath` / `jsonSchema` when given.',
  example: { name: 'get_weather', arguments: { jsonPath: { path: '$.city', equals: '{{city}}' } } },
  check: checkArguments,
  run(want, ctx) {
    const calls = ctx.toolCalls ?? [];
    const named = calls.filter((c) => c.name === want.name);
    if (named.length === 0) return pass(false, calls.length ? `${want.name} was not called (called: ${calls.map((c) => c.name).join(', ')})` : `${want.name} was not called (no tool calls)`);
    const problems = named.map((c) => callMismatch(c, want, ctx.vars));
    const match = named.find((_, i) => problems[i] === undefined);
    if (match) return pass(true, `called ${describeCall(match)}`);
    return pass(false, problems[0]!);
  },
});

export const noToolCallKind = defineKind({
  key: 'noToolCall',
  schema: z.literal(true),
  gh: false,
  needsJson: false,
  callsModel: false,
  doc: 'The model answered without calling any function.',
  example: true,
  run(_spec, ctx) {
    const calls = ctx.toolCalls ?? [];
    return pass(calls.length === 0, calls.length ? `called ${calls.map((c) => describeCall(c)).join(', ')}` : 'no tool calls');
  },
});
