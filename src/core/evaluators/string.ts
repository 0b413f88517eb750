import { render } from '../template.js';
import type { EvalContext, Evaluator, Verdict } from './types.js';

// Same semantics as gh models: the first of equals / contains / startsWith / endsWith decides;
// equals is exact, the others ignore case; parameters are templated with the case's vars.
export function evaluateString(e: Evaluator, ctx: EvalContext): Verdict {
  const spec = e.string!;
  const output = ctx.output;
  const lower = output.toLowerCase();
  const check = (passed: boolean, reason: string): Verdict => ({ name: e.name, kind: 'string', passed, score: passed ? 1 : 0, reason });
  if (spec.equals !== undefined) {
    const want = render(spec.equals, ctx.vars);
    return check(output === want, output === want ? `equals ${quote(want)}` : `expected exactly ${quote(want)}`);
  }
  if (spec.contains !== undefined) {
    const want = render(spec.contains, ctx.vars);
    const passed = lower.includes(want.toLowerCase());
    return check(passed, `${passed ? 'contains' : 'does not contain'} ${quote(want)}`);
  }
  if (spec.startsWith !== undefined) {
    const want = render(spec.startsWith, ctx.vars);
    const passed = lower.startsWith(want.toLowerCase());
    return check(passed, `${passed ? 'starts with' : 'does not start with'} ${quote(want)}`);
  }
  const want = render(spec.endsWith ?? '', ctx.vars);
  const passed = lower.endsWith(want.toLowerCase());
  return check(passed, `${passed ? 'ends with' : 'does not end with'} ${quote(want)}`);
}

export function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
