import { z } from 'zod';
import { render } from '../template.js';
import { normaliseModelId } from '../modelId.js';
import { closest } from '../suggest.js';
import type { ChatMessage } from '../chat.js';
import { defineKind, type JudgePlanContext } from './kind.js';
import { quote } from './string.js';
import { BUILTIN_CHOICES, BUILTIN_EVALUATORS, BUILTIN_JUDGE_MODEL, builtinVars } from './builtins.js';
import type { EvalContext, JudgeCall, JudgeRequest, Outcome } from './types.js';

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
  const lastLine =
    whole
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? '';
  const lastValue = lastLine
    .replace(/[*_`#>]/g, '')
    .replace(/^(final\s+)?(score|rating|answer|choice)\s*[:=-]?\s*/, '')
    .replace(/[.!]$/, '')
    .trim();
  const onLast = choices.find((c) => norm(c.choice) === lastValue);
  if (onLast) return { choice: onLast, rule: 'last line' };
  const contained = ghChoice(reply, choices);
  return contained ? { choice: contained, rule: 'contains' } : undefined;
}

/** gh models' rule exactly: the first choice whose text the lower-cased, trimmed reply contains (cmd/eval/eval.go runLLMEvaluator). */
export function ghChoice(reply: string, choices: readonly Choice[]): Choice | undefined {
  const text = reply.trim().toLowerCase();
  return choices.find((c) => text.includes(c.choice.toLowerCase()));
}

const llmSchema = z.object({
  modelId: z.string().min(1).optional().describe('The judge model; defaults to workbench.judgeModel.'),
  prompt: z.string().min(1).describe('The judge prompt; {{completion}} is the output, other {{vars}} come from the row.'),
  systemPrompt: z.string().optional(),
  choices: z
    .array(z.object({ choice: z.string().min(1), score: z.number() }))
    .min(1)
    .describe('What the judge may answer, and the score of each; a score above 0 passes.'),
});

export const llmKind = defineKind({
  key: 'llm',
  schema: llmSchema,
  gh: true,
  needsJson: false,
  callsModel: true,
  doc: "gh models' LLM judge: a prompt with `{{completion}}` and `choices` with scores; a choice scored above 0 passes.",
  example: {
    prompt: 'Is this a polite reply? {{completion}} Answer yes or no.',
    choices: [
      { choice: 'yes', score: 1 },
      { choice: 'no', score: 0 },
    ],
  },
  judgeRequests: (spec, ctx) => [llmRequest(spec, ctx)],
  run: (spec, ctx) => judge(llmRequest(spec, ctx), spec.choices, ctx),
});

function llmRequest(spec: z.output<typeof llmSchema>, ctx: JudgePlanContext): JudgeRequest {
  const model = spec.modelId ? normaliseModelId(spec.modelId) : ctx.judgeModel;
  return judgeRequest(model, spec.systemPrompt, spec.prompt, { ...ctx.vars }, ctx.output);
}

export const usesKind = defineKind({
  key: 'uses',
  schema: z.string().min(1),
  gh: true,
  needsJson: false,
  callsModel: true,
  doc: `gh models' built-in judges: ${Object.keys(BUILTIN_EVALUATORS)
    .map((n) => `\`github/${n}\``)
    .join(', ')}.`,
  example: 'github/similarity',
  check(uses) {
    if (isBuiltin(uses)) return undefined;
    const hint = closest(uses, builtinNames());
    return `unknown evaluator "${uses}"${hint ? ` (did you mean "${hint}"?)` : ''}; built-ins are ${builtinNames().join(', ')}`;
  },
  judgeRequests: (uses, ctx) => {
    const request = builtinRequest(uses, ctx);
    return request ? [request] : [];
  },
  run(uses, ctx) {
    const request = builtinRequest(uses, ctx);
    // gh models fails just this evaluator ("Plugin evaluator … not found") and runs the rest.
    if (!request) return { passed: false, score: 0, reason: `unknown evaluator "${uses}" (built-ins are ${builtinNames().join(', ')})` };
    return judge(request, BUILTIN_CHOICES, ctx);
  },
});

/** A built-in judge's request; undefined for a name that is not a built-in. */
function builtinRequest(uses: string, ctx: JudgePlanContext): JudgeRequest | undefined {
  const name = uses.replace(/^github\//, '');
  const builtin = isBuiltin(uses) ? BUILTIN_EVALUATORS[name] : undefined;
  if (!builtin) return undefined;
  // A variable the row lacks stays "{{input}}" in the judge's prompt, as gh models sends it.
  return judgeRequest(ctx.judgeModel || BUILTIN_JUDGE_MODEL, builtin.system, builtin.prompt, builtinVars(name, ctx.vars), ctx.output);
}

export function isBuiltin(uses: string): boolean {
  return uses.startsWith('github/') && Object.hasOwn(BUILTIN_EVALUATORS, uses.slice('github/'.length));
}

export function builtinNames(): string[] {
  return Object.keys(BUILTIN_EVALUATORS).map((n) => `github/${n}`);
}

function judgeRequest(model: string, system: string | undefined, prompt: string, vars: Record<string, unknown>, output: string): JudgeRequest {
  // The output is a value substituted once, never a template: a reply containing "{{input}}" stays literal.
  const messages: ChatMessage[] = [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: render(prompt, { ...vars, completion: output }) }];
  return { model, messages };
}

async function judge(request: JudgeRequest, choices: readonly Choice[], ctx: EvalContext): Promise<Outcome> {
  const { model } = request;
  let call: JudgeCall;
  try {
    call = await ctx.judge(request);
  } catch (error) {
    return { passed: false, score: 0, reason: `judge ${model} failed: ${(error as Error).message}`, evaluatorError: true };
  }
  const gh = ghChoice(call.output, choices);
  if (ctx.judgeParsing === 'gh') {
    if (!gh) return { passed: false, score: 0, reason: `judge reply ${quote(call.output)} contains none of ${choices.map((c) => c.choice).join(', ')}`, judge: call };
    return { passed: gh.score > 0, score: gh.score, reason: `judge ${model} chose "${gh.choice}" (score ${gh.score}, gh's rule: the first choice the reply contains)`, judge: call };
  }
  const picked = pickChoice(call.output, choices);
  const ambiguity = (picked?.choice.choice ?? null) === (gh?.choice ?? null) ? undefined : { chosen: picked?.choice.choice ?? null, gh: gh?.choice ?? null };
  const note = ambiguity ? `; ambiguous judge reply: gh models would read ${gh ? `"${gh.choice}" (score ${gh.score})` : 'no choice (score 0)'}` : '';
  if (!picked) return { passed: false, score: 0, reason: `judge reply ${quote(call.output)} matches none of ${choices.map((c) => c.choice).join(', ')}${note}`, judge: call, ambiguity };
  const { choice, rule } = picked;
  return {
    passed: choice.score > 0,
    score: choice.score,
    reason: `judge ${model} chose "${choice.choice}" (score ${choice.score}, by ${rule})${note}`,
    judge: call,
    ...(ambiguity ? { ambiguity } : {}),
  };
}
