import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Verdict } from './types.js';

// One Ajv instance: compiling is the expensive part, so compiled validators are cached by the
// schema's JSON text (the same schema is checked for every case of a run).
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

export interface SchemaProblem {
  /** JSON path of the offending value, like `$.characteristics[2]`. */
  path: string;
  message: string;
}

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; error: string };

export function compileSchema(schema: unknown): CompiledSchema {
  const key = JSON.stringify(schema);
  const cached = compiled.get(key);
  if (cached) return { ok: true, validate: cached };
  try {
    const validate = ajv.compile(schema as object);
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

/** The verdict for "the output is JSON that matches the schema". */
export function schemaVerdict(name: string, schema: unknown, parsed: { ok: true; value: unknown } | { ok: false; error: string }): Verdict {
  if (!parsed.ok) return { name, kind: 'jsonSchema', passed: false, score: 0, reason: `output is not JSON: ${parsed.error}` };
  const problems = validateAgainst(schema, parsed.value);
  if ('error' in problems) return { name, kind: 'jsonSchema', passed: false, score: 0, reason: `the JSON Schema does not compile: ${problems.error}`, evaluatorError: true };
  if (problems.length === 0) return { name, kind: 'jsonSchema', passed: true, score: 1, reason: 'output matches the JSON Schema' };
  const first = problems[0];
  return {
    name,
    kind: 'jsonSchema',
    passed: false,
    score: 0,
    reason: `${first.path} ${first.message}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`,
    schemaErrors: problems,
  };
}
