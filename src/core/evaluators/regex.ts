import { render } from '../template.js';
import { quote } from './string.js';
import type { EvalContext, Evaluator, Verdict } from './types.js';

export function evaluateRegex(e: Evaluator, ctx: EvalContext): Verdict {
  const spec = typeof e.regex === 'string' ? { pattern: e.regex, flags: '', negate: false } : e.regex!;
  const pattern = render(spec.pattern, ctx.vars);
  let re: RegExp;
  try {
    re = new RegExp(pattern, (spec.flags ?? '').replace(/[gy]/g, ''));
  } catch (error) {
    return { name: e.name, kind: 'regex', passed: false, score: 0, reason: `regex is invalid: ${(error as Error).message}`, evaluatorError: true };
  }
  const match = re.exec(ctx.output);
  const passed = spec.negate ? !match : !!match;
  const reason = match ? `matched ${quote(match[0])} with /${pattern}/` : `no match for /${pattern}/`;
  return { name: e.name, kind: 'regex', passed, score: passed ? 1 : 0, reason: spec.negate ? `${reason} (must not match)` : reason };
}
