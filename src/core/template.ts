// `{{name}}` templating with gh models' semantics: only the exact text between the braces is a
// variable name, and values are substituted in one pass, so a value that itself contains
// `{{x}}` (a model output fed to a judge, say) is never expanded again.

const PLACEHOLDER = /\{\{([^{}]+)\}\}/g;

export interface Placeholder {
  /** The text between the braces, exactly as written. */
  name: string;
  /** Offset of the opening braces in the template. */
  offset: number;
  length: number;
}

export function findPlaceholders(template: string): Placeholder[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1], offset: m.index ?? 0, length: m[0].length }));
}

export function placeholderNames(template: string): string[] {
  return [...new Set(findPlaceholders(template).map((p) => p.name))];
}

/** How a dataset value appears in a prompt: strings as-is, structures as JSON. */
export function stringifyVar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

export function render(template: string, vars: Readonly<Record<string, unknown>>): string {
  const parts = partsOf(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    out += (Object.hasOwn(vars, name) ? stringifyVar(vars[name]) : `{{${name}}}`) + parts[i + 1];
  }
  return out;
}

/**
 * A template split at its placeholders – text, name, text, …, text – once: an estimate of a million
 * rows renders the same few messages a million times. Templates are kept up to a size, and the
 * cache is emptied when full, so a stream of one-off templates costs no more than splitting each.
 */
const splitTemplates = new Map<string, readonly string[]>();
const SPLIT_CACHE_ENTRIES = 256;
const SPLIT_CACHE_CHARS = 16_384;

function partsOf(template: string): readonly string[] {
  let parts = splitTemplates.get(template);
  if (parts) return parts;
  parts = template.split(PLACEHOLDER);
  if (template.length > SPLIT_CACHE_CHARS) return parts;
  if (splitTemplates.size >= SPLIT_CACHE_ENTRIES) splitTemplates.clear();
  splitTemplates.set(template, parts);
  return parts;
}

export function missingVars(template: string, vars: Readonly<Record<string, unknown>>): string[] {
  return placeholderNames(template).filter((name) => !Object.hasOwn(vars, name));
}

/** Every string inside a YAML value templated (mocked tool results, expected tool arguments); the structure kept. */
export function renderDeep(value: unknown, vars: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') return render(value, vars);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, vars)]));
  return value;
}
