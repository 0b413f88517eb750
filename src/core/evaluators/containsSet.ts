import { z } from 'zod';
import { render } from '../template.js';
import { defineKind, pass } from './kind.js';
import { quote } from './string.js';
import type { EvalContext } from './types.js';

// containsAny / containsAll: a list of texts, or `{ values, caseSensitive }`. Like gh's `contains`
// they ignore case unless `caseSensitive: true` (a product name, an exact code); values are
// templated with the row's {{vars}}.

const values = z.array(z.string().min(1)).min(1);

const schema = z.union([
  values,
  z.object({
    values: values.describe('The texts to look for; {{vars}} are filled in.'),
    caseSensitive: z.boolean().optional().describe('Match case exactly (default: ignore case, as gh models does).'),
  }),
]);

type Spec = z.output<typeof schema>;

function normalise(spec: Spec, ctx: EvalContext): { wanted: string[]; caseSensitive: boolean } {
  const list = Array.isArray(spec) ? spec : spec.values;
  return { wanted: list.map((v) => render(v, ctx.vars)), caseSensitive: !Array.isArray(spec) && spec.caseSensitive === true };
}

function finder(output: string, caseSensitive: boolean): (value: string) => boolean {
  if (caseSensitive) return (value) => output.includes(value);
  const lower = output.toLowerCase();
  return (value) => lower.includes(value.toLowerCase());
}

function list(texts: readonly string[]): string {
  return texts.map(quote).join(', ');
}

export const containsAnyKind = defineKind({
  key: 'containsAny',
  schema,
  gh: false,
  needsJson: false,
  callsModel: false,
  doc: 'The output contains at least one of these texts (ignoring case; `{values, caseSensitive: true}` to match case).',
  example: ['refund', 'money back'],
  run(spec, ctx) {
    const { wanted, caseSensitive } = normalise(spec, ctx);
    const found = wanted.filter(finder(ctx.output, caseSensitive));
    const how = caseSensitive ? ' (case-sensitive)' : '';
    return pass(found.length > 0, found.length > 0 ? `contains ${list(found)}${how}` : `contains none of ${list(wanted)}${how}`);
  },
});

export const containsAllKind = defineKind({
  key: 'containsAll',
  schema,
  gh: false,
  needsJson: false,
  callsModel: false,
  doc: 'The output contains every one of these texts (ignoring case; `{values, caseSensitive: true}` to match case).',
  example: { values: ['{{city}}', 'EUR'], caseSensitive: true },
  run(spec, ctx) {
    const { wanted, caseSensitive } = normalise(spec, ctx);
    const has = finder(ctx.output, caseSensitive);
    const missing = wanted.filter((v) => !has(v));
    const how = caseSensitive ? ' (case-sensitive)' : '';
    if (missing.length === 0) return pass(true, `contains all of ${list(wanted)}${how}`);
    return { passed: false, score: (wanted.length - missing.length) / wanted.length, reason: `does not contain ${list(missing)}${how}` };
  },
});
