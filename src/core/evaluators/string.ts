import { z } from 'zod';
import { render } from '../template.js';
import { defineKind, pass } from './kind.js';

// Same semantics as gh models: the first of equals / contains / startsWith / endsWith decides;
// equals is exact, the others ignore case; parameters are templated with the case's vars.

const CHECKS = ['equals', 'contains', 'startsWith', 'endsWith'] as const;

const schema = z
  .object({
    equals: z.string().optional().describe('The output is exactly this text.'),
    contains: z.string().optional().describe('The output contains this text (ignoring case).'),
    startsWith: z.string().optional().describe('The output starts with this text (ignoring case).'),
    endsWith: z.string().optional().describe('The output ends with this text (ignoring case).'),
  })
  .refine((s) => CHECKS.some((k) => s[k] !== undefined), { message: 'needs one of equals, contains, startsWith or endsWith' });

export const STRING_CHECKS = CHECKS;

export const stringKind = defineKind({
  key: 'string',
  schema,
  gh: true,
  needsJson: false,
  callsModel: false,
  doc: "gh models' string check: `equals` (exact), `contains`, `startsWith`, `endsWith` (ignoring case); `{{vars}}` are filled in.",
  example: { contains: '{{expected}}' },
  run(spec, ctx) {
    const output = ctx.output;
    const lower = output.toLowerCase();
    if (spec.equals !== undefined) {
      const want = render(spec.equals, ctx.vars);
      return pass(output === want, output === want ? `equals ${quote(want)}` : `expected exactly ${quote(want)}`);
    }
    if (spec.contains !== undefined) {
      const want = render(spec.contains, ctx.vars);
      const passed = lower.includes(want.toLowerCase());
      return pass(passed, `${passed ? 'contains' : 'does not contain'} ${quote(want)}`);
    }
    if (spec.startsWith !== undefined) {
      const want = render(spec.startsWith, ctx.vars);
      const passed = lower.startsWith(want.toLowerCase());
      return pass(passed, `${passed ? 'starts with' : 'does not start with'} ${quote(want)}`);
    }
    const want = render(spec.endsWith ?? '', ctx.vars);
    const passed = lower.endsWith(want.toLowerCase());
    return pass(passed, `${passed ? 'ends with' : 'does not end with'} ${quote(want)}`);
  },
});

export function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
