/**
 * A deterministic example value for a JSON Schema, used by the test server to answer
 * `response_format: { type: 'json_schema' }` requests with a document that validates.
 *
 * Rules: `$ref` (`#`, `#/$defs/...`, `#/definitions/...`, any local JSON pointer) is followed;
 * `const`, then `enum` (first value); `anyOf`/`oneOf` take the first branch; `allOf` branches are
 * merged shallowly; objects get every property, required ones first; arrays get one item (or
 * `minItems`, capped by `maxItems`); strings are the start of `text` (the last user message),
 * fitted to `minLength`/`maxLength`, or a fixed value for common `format`s; numbers honour
 * minimum/maximum (inclusive and exclusive) and `multipleOf`; booleans are true; anything else is
 * null. Not honoured: `pattern`, `uniqueItems` beyond one item, `not`, `if`/`then`,
 * `dependentRequired`.
 * Recursive schemas: past MAX_DEPTH levels only required properties and `minItems` items are
 * generated, and `anyOf`/`oneOf` prefer a branch without `$ref`, so generation terminates.
 */

type SchemaObject = Record<string, unknown>;

interface Context {
  root: unknown;
  text: string;
  depth: number;
}

const MAX_DEPTH = 8;
const STRING_CHARS = 40;

const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  duration: 'P1D',
  email: 'user@example.com',
  hostname: 'example.com',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  uri: 'https://example.com/',
  'uri-reference': 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
};

export function sampleFromSchema(schema: unknown, text: string): unknown {
  return sample(schema, { root: schema, text, depth: 0 });
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deeper(ctx: Context): Context {
  return { ...ctx, depth: ctx.depth + 1 };
}

function sample(schema: unknown, ctx: Context): unknown {
  if (!isObject(schema)) return null;
  if (typeof schema.$ref === 'string') return sample(resolveRef(ctx.root, schema.$ref), deeper(ctx));
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf : schema.oneOf;
  if (Array.isArray(branches) && branches.length > 0) return sample(pickBranch(branches, ctx), deeper(ctx));
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return sample(mergeAllOf(schema, schema.allOf), ctx);
  switch (primaryType(schema)) {
    case 'object':
      return sampleObject(schema, ctx);
    case 'array':
      return sampleArray(schema, ctx);
    case 'string':
      return sampleString(schema, ctx.text);
    case 'integer':
      return sampleNumber(schema, true);
    case 'number':
      return sampleNumber(schema, false);
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

function pickBranch(branches: unknown[], ctx: Context): unknown {
  if (ctx.depth < MAX_DEPTH) return branches[0];
  return branches.find((b) => isObject(b) && typeof b.$ref !== 'string') ?? branches[0];
}

function mergeAllOf(schema: SchemaObject, parts: unknown[]): SchemaObject {
  const { allOf: _ignored, ...rest } = schema;
  const merged: SchemaObject = { ...rest };
  for (const part of parts) {
    if (!isObject(part)) continue;
    const properties = { ...(merged.properties as SchemaObject | undefined), ...(part.properties as SchemaObject | undefined) };
    const required = [...asStrings(merged.required), ...asStrings(part.required)];
    Object.assign(merged, part, { properties, required: [...new Set(required)] });
  }
  return merged;
}

function primaryType(schema: SchemaObject): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t) => t !== 'null') ?? type[0];
  if (isObject(schema.properties) || Array.isArray(schema.required)) return 'object';
  if (schema.items !== undefined || Array.isArray(schema.prefixItems)) return 'array';
  return undefined;
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function sampleObject(schema: SchemaObject, ctx: Context): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = asStrings(schema.required);
  const optional = ctx.depth < MAX_DEPTH ? Object.keys(properties).filter((k) => !required.includes(k)) : [];
  const extra = isObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
  const out: Record<string, unknown> = {};
  for (const key of [...required, ...optional]) {
    out[key] = sample(Object.hasOwn(properties, key) ? properties[key] : extra, deeper(ctx));
  }
  return out;
}

function sampleArray(schema: SchemaObject, ctx: Context): unknown[] {
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  const count = Math.min(ctx.depth < MAX_DEPTH ? Math.max(min, 1) : min, max);
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : [];
  const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
  // A tuple whose tail is closed (`items: false`) must not grow past its prefix.
  const total = prefix.length === 0 ? count : isObject(rest) ? Math.max(count, prefix.length) : prefix.length;
  const out: unknown[] = [];
  for (let i = 0; i < Math.min(total, max); i++) {
    out.push(sample(i < prefix.length ? prefix[i] : rest, deeper(ctx)));
  }
  return out;
}

function sampleString(schema: SchemaObject, text: string): string {
  if (typeof schema.format === 'string' && FORMAT_SAMPLES[schema.format]) return FORMAT_SAMPLES[schema.format];
  // Length keywords count code points, so work on those rather than UTF-16 units.
  let chars = Array.from(text.trim()).slice(0, STRING_CHARS);
  if (chars.length === 0) chars = Array.from('sample');
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  while (chars.length < min) chars.push('x');
  return chars.slice(0, max).join('');
}

interface Bound {
  value: number;
  exclusive: boolean;
}

// Handles both draft-4 (boolean exclusive flags) and draft-6+ (numeric exclusive bounds).
function bound(inclusive: unknown, exclusive: unknown): Bound | undefined {
  if (typeof exclusive === 'number') return { value: exclusive, exclusive: true };
  if (typeof inclusive === 'number') return { value: inclusive, exclusive: exclusive === true };
  return undefined;
}

function sampleNumber(schema: SchemaObject, integer: boolean): number {
  const lo = bound(schema.minimum, schema.exclusiveMinimum);
  const hi = bound(schema.maximum, schema.exclusiveMaximum);
  let value = integer ? clampInteger(1, lo, hi) : clampNumber(1, lo, hi);
  const step = schema.multipleOf;
  if (typeof step === 'number' && step > 0 && !isMultiple(value, step)) value = Math.ceil(value / step) * step;
  return value;
}

function isMultiple(value: number, step: number): boolean {
  const ratio = value / step;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function clampInteger(start: number, lo: Bound | undefined, hi: Bound | undefined): number {
  const min = lo ? (lo.exclusive ? Math.floor(lo.value) + 1 : Math.ceil(lo.value)) : -Infinity;
  const max = hi ? (hi.exclusive ? Math.ceil(hi.value) - 1 : Math.floor(hi.value)) : Infinity;
  return Math.min(Math.max(start, min), max);
}

function clampNumber(start: number, lo: Bound | undefined, hi: Bound | undefined): number {
  let value = start;
  if (lo && (value < lo.value || (lo.exclusive && value === lo.value))) {
    value = lo.exclusive ? (hi ? (lo.value + hi.value) / 2 : lo.value + 1) : lo.value;
  }
  if (hi && (value > hi.value || (hi.exclusive && value === hi.value))) {
    value = hi.exclusive ? (lo ? (lo.value + hi.value) / 2 : hi.value - 1) : hi.value;
  }
  return value;
}
