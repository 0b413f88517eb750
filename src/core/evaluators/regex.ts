import { z } from 'zod';
import { render } from '../template.js';
import { defineKind } from './kind.js';
import { quote } from './string.js';

const schema = z.union([
  z.string().min(1),
  z.object({
    pattern: z.string().min(1),
    flags: z
      .string()
      .regex(/^[dgimsuvy]*$/, 'flags may only contain d, g, i, m, s, u, v, y')
      .optional(),
    negate: z.boolean().optional().describe('Pass when the pattern does not match.'),
  }),
]);

type RegexSpec = z.output<typeof schema>;

function normalise(spec: RegexSpec): { pattern: string; flags: string; negate: boolean } {
  return typeof spec === 'string' ? { pattern: spec, flags: '', negate: false } : { pattern: spec.pattern, flags: spec.flags ?? '', negate: spec.negate ?? false };
}

export const regexKind = defineKind({
  key: 'regex',
  schema,
  gh: false,
  needsJson: false,
  callsModel: false,
  doc: 'The output matches a JavaScript regular expression (`{pattern, flags, negate}` for more); `{{vars}}` are filled in.',
  example: '^\\S+$',
  check(spec) {
    const { pattern, flags } = normalise(spec);
    try {
      new RegExp(pattern, flags);
      return undefined;
    } catch (error) {
      return `regex is invalid: ${(error as Error).message}`;
    }
  },
  run(spec, ctx) {
    const { pattern: template, flags, negate } = normalise(spec);
    const pattern = render(template, ctx.vars);
    let re: RegExp;
    try {
      // g and y make exec() stateful; a check must give the same answer every time.
      re = new RegExp(pattern, flags.replace(/[gy]/g, ''));
    } catch (error) {
      return { passed: false, score: 0, reason: `regex is invalid: ${(error as Error).message}`, evaluatorError: true };
    }
    const match = re.exec(ctx.output);
    const passed = negate ? !match : !!match;
    const reason = match ? `matched ${quote(match[0])} with /${pattern}/` : `no match for /${pattern}/`;
    return { passed, score: passed ? 1 : 0, reason: negate ? `${reason} (must not match)` : reason };
  },
});
