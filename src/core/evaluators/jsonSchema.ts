import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { z } from 'zod';
import { defineKind } from './kind.js';
import type { Outcome, ParsedJson, SchemaProblem } from './types.js';

// Compiling is the expensive part, so validators are cached by the schema's JSON text (the same
// schema is checked for every case of a run). The draft is chosen by the schema's `$schema`, as
// people write draft-07 schemas as often as 2020-12 ones; without one, 2020-12.
const options = { strict: false, allErrors: true, validateFormats: false } as const;
const engines = { draft07: new Ajv(options), draft2019: new Ajv2019(options), draft2020: new Ajv2020(options) };
engines.draft07.addMetaSchema(draft06MetaSchema);
const compiled = new Map<string, ValidateFunction>();

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; error: string };

/** The engine for the schema's declared draft, and the schema to give it. */
function engineFor(schema: unknown): { engine: Ajv; schema: unknown } {
  const declared = schema && typeof schema === 'object' ? (schema as { $schema?: unknown }).$schema : undefined;
  if (typeof declared !== 'string') return { engine: engines.draft2020, schema };
  if (/draft-0[67]/.test(declared)) return { engine: engines.draft07, schema };
  if (/2019-09/.test(declared)) return { engine: engines.draft2019, schema };
  if (/2020-12/.test(declared)) return { engine: engines.draft2020, schema };
  // Draft 04 and unknown dialects: Ajv has no meta-schema for them; validate with draft-07 rules,
  // which read the keywords people write in practice the same way.
  const { $schema: _declared, ...rest } = schema as Record<string, unknown>;
  return { engine: engines.draft07, schema: rest };
}

export function compileSchema(schema: unknown): CompiledSchema {
  const key = JSON.stringify(schema);
  const cached = compiled.get(key);
  if (cached) return { ok: true, validate: cached };
  try {
    const chosen = engineFor(schema);
    const validate = chosen.engine.compile(chosen.schema as object);
    compiled.set(key, validate);
    return { ok: true, validate };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

export function validateAgainst(schema: unknown, value: unknown): SchemaProblem[] | { error: string } {
  const result = compileSchema(schema);
  if (!result.ok) return { error: result.error };
  if (result.validate(value)) return [];
  return (result.validate.errors ?? []).map(toProblem);
}

function toProblem(e: ErrorObject): SchemaProblem {
  const path = pointerToJsonPath(e.instancePath);
  if (e.keyword === 'required') return { path, message: `missing required property "${String(e.params.missingProperty)}"` };
  if (e.keyword === 'additionalProperties') return { path, message: `unexpected property "${String(e.params.additionalProperty)}"` };
  if (e.keyword === 'enum') return { path, message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
  return { path, message: e.message ?? e.keyword };
}

/** "/characteristics/2" → "$.characteristics[2]" */
export function pointerToJsonPath(pointer: string): string {
  if (!pointer) return '$';
  return (
    '$' +
    pointer
      .split('/')
      .slice(1)
      .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`))
      .join('')
  );
}

/** "The output is JSON that matches the schema." */
export function schemaOutcome(schema: unknown, parsed: ParsedJson): Outcome {
  if (!parsed.ok) return { passed: false, score: 0, reason: `output is not JSON: ${parsed.error}` };
  const problems = validateAgainst(schema, parsed.value);
  if ('error' in problems) return { passed: false, score: 0, reason: `the JSON Schema does not compile: ${problems.error}`, evaluatorError: true };
  if (problems.length === 0) return { passed: true, score: 1, reason: 'output matches the JSON Schema' };
  const first = problems[0];
  return { passed: false, score: 0, reason: `${first.path} ${first.message}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`, schemaErrors: problems };
}

export const jsonSchemaKind = defineKind({
  key: 'jsonSchema',
  schema: z.union([z.literal(true), z.record(z.string(), z.unknown())]),
  gh: false,
  needsJson: true,
  callsModel: false,
  doc: "The JSON output matches a JSON Schema: `true` for the prompt's own `jsonSchema`, or an inline schema (drafts 07, 2019-09, 2020-12 by `$schema`).",
  example: true,
  check: (spec) => {
    if (spec === true) return undefined;
    const result = compileSchema(spec);
    return result.ok ? undefined : `not a valid JSON Schema: ${result.error}`;
  },
  run(spec, ctx) {
    const schema = spec === true ? ctx.outputSchema : spec;
    if (schema === undefined) return { passed: false, score: 0, reason: 'jsonSchema: true needs the prompt to declare a jsonSchema', evaluatorError: true };
    return schemaOutcome(schema, ctx.json);
  },
});
