import { render } from '../template.js';
import { quote } from './string.js';
import { BUILTIN_CHOICES, BUILTIN_EVALUATORS, BUILTIN_JUDGE_MODEL, builtinVars } from './builtins.js';
import { normaliseModelId } from '../prompt/parse.js';
import type { EvalContext, Evaluator, JudgeCall, Verdict } from './types.js';
import type { ChatMessage } from '../providers/types.js';

interface Choice {
  choice: string;
  score: number;
}

export interface PickedChoice {
  choice: Choice;
  rule: 'exact' | 'last line' | 'contains';
}

/**
 * Which choice a judge picked. gh models takes the first choice whose text occurs anywhere in the
 * reply, which misreads judges that reason before answering ("…2 of the facts… Score: 5").
 * So an exact reply or the last line wins first, and gh's rule is the fallback.
 */
export function pickChoice(reply: string, choices: readonly Choice[]): PickedChoice | undefined {
  const norm = (s: string) => s.trim().toLowerCase();
  const whole = norm(reply);
  const exact = choices.find((c) => norm(c.choice) === whole);
  if (exact) return { choice: exact, rule: 'exact' };
  const lastLine = whole.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? '';
  const lastValue = lastLine.replace(/[*_`#>]/g, '').replace(/^(final\s+)?(score|rating|answer|choice)\s*[:=-]?\s*/, '').replace(/[.!]$/, '').trim();
  const onLast = choices.find((c) => norm(c.choice) === lastValue);
  if (onLast) return { choice: onLast, rule: 'last line' };
  const contained = choices.find((c) => whole.includes(norm(c.choice)));
  return contained ? { choice: contained, rule: 'contains' } : undefined;
}

export async function evaluateLlm(e: Evaluator, ctx: EvalContext): Promise<Verdict> {
  if (e.uses !== undefined) {
    const name = e.uses.replace(/^github\//, '');
    const builtin = BUILTIN_EVALUATORS[name];
    if (!builtin) return { name: e.name, kind: 'uses', passed: false, score: 0, reason: `unknown evaluator ${e.uses}`, evaluatorError: true };
    const vars = builtinVars(name, ctx.vars);
    const missing = builtin.needs.filter((v) => !Object.hasOwn(vars, v));
    if (missing.length) {
      return { name: e.name, kind: 'uses', passed: false, score: 0, reason: `${e.uses} needs ${missing.map((m) => `"${m}"`).join(' and ')} in every row`, evaluatorError: true };
    }
    const model = ctx.judgeModel || BUILTIN_JUDGE_MODEL;
    return judge(e, 'uses', model, builtin.system, builtin.prompt, BUILTIN_CHOICES, vars, ctx);
  }
  const spec = e.llm!;
  const model = spec.modelId ? normaliseModelId(spec.modelId) : ctx.judgeModel;
  return judge(e, 'llm', model, spec.systemPrompt, spec.prompt, spec.choices, { ...ctx.vars }, ctx);
}

async function judge(
  e: Evaluator,
  kind: 'llm' | 'uses',
  model: string,
  system: string | undefined,
  prompt: string,
  choices: readonly Choice[],
  vars: Record<string, unknown>,
  ctx: EvalContext,
): Promise<Verdict> {
  // The output is a value substituted once, never a template: a reply containing "{{input}}" stays literal.
  const messages: ChatMessage[] = [
    ...(system ? [{ role: 'system' as const, content: system }] : []),
    { role: 'user', content: render(prompt, { ...vars, completion: ctx.output }) },
  ];
  let call: JudgeCall;
  try {
    call = await ctx.judge({ model, messages });
  } catch (error) {
    return { name: e.name, kind, passed: false, score: 0, reason: `judge ${model} failed: ${(error as Error).message}`, evaluatorError: true };
  }
  const picked = pickChoice(call.output, choices);
  if (!picked) {
    return { name: e.name, kind, passed: false, score: 0, reason: `judge reply ${quote(call.output)} matches none of ${choices.map((c) => c.choice).join(', ')}`, judge: call };
  }
  const { choice, rule } = picked;
  return {
    name: e.name,
    kind,
    passed: choice.score > 0,
    score: choice.score,
    reason: `judge ${model} chose "${choice.choice}" (score ${choice.score}, by ${rule})`,
    judge: call,
  };
}
