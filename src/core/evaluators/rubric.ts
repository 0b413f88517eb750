import { z } from 'zod';
import { render } from '../template.js';
import { normaliseModelId } from '../modelId.js';
import type { ChatMessage } from '../chat.js';
import { defineKind, type JudgePlanContext } from './kind.js';
import { quote } from './string.js';
import type { JudgeCall, JudgeRequest } from './types.js';

// A free-form rubric graded by the judge model: it answers a score from 0 to 10 and a reason, the
// score is divided by 10 (a fraction such as 0.8 is read as already 0..1) and passes at or above
// `threshold`. The call goes through the same judge plumbing as gh's llm evaluators (ctx.judge:
// cache, retries, cost).

export const DEFAULT_RUBRIC_THRESHOLD = 0.7;

const schema = z.union([
  z.string().min(1),
  z.object({
    criteria: z.string().min(1).describe('What a good answer does; {{vars}} are filled in.'),
    threshold: z.number().min(0).max(1).optional().describe(`Pass at or above this score (0..1, default ${DEFAULT_RUBRIC_THRESHOLD}).`),
    model: z.string().min(1).optional().describe('The judge model; defaults to workbench.judgeModel.'),
  }),
]);

const SYSTEM = [
  "You grade an AI assistant's answer against a rubric.",
  'Reply with JSON only, no other text: {"reason": "<one or two sentences>", "score": <integer from 0 to 10>}',
  '10 means the answer fully meets the rubric; 0 means it does not meet it at all.',
].join('\n');

function rubricRequest(spec: z.output<typeof schema>, ctx: JudgePlanContext): JudgeRequest {
  const { criteria, model: named } = typeof spec === 'string' ? { criteria: spec, model: undefined } : spec;
  const model = named ? normaliseModelId(named) : ctx.judgeModel;
  // The output is a value put in once, never a template: "{{x}}" in an answer stays literal.
  const messages: ChatMessage[] = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `Rubric:\n${render(criteria, ctx.vars)}\n\nAnswer to grade:\n<<<\n${ctx.output}\n>>>` },
  ];
  return { model, messages };
}

export interface RubricReading {
  /** 0..1 */
  score: number;
  reason: string;
}

/** The judge's score (0..10, or a fraction 0..1) and reason, from its JSON or a "Score: 7" line. */
export function readRubricReply(reply: string): RubricReading | undefined {
  const json = /\{[\s\S]*\}/.exec(reply)?.[0];
  let raw: unknown;
  let reason = '';
  if (json) {
    try {
      const parsed = JSON.parse(json) as { score?: unknown; reason?: unknown };
      raw = parsed.score;
      reason = typeof parsed.reason === 'string' ? parsed.reason : '';
    } catch {
      // fall back to a "score: n" line below
    }
  }
  if (raw === undefined) raw = /score\W{0,3}(\d+(?:\.\d+)?)/i.exec(reply)?.[1];
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(value) || value < 0 || value > 10) return undefined;
  const fraction = value <= 1 && !Number.isInteger(value);
  return { score: fraction ? value : value / 10, reason: reason.trim() };
}

export const rubricKind = defineKind({
  key: 'rubric',
  schema,
  gh: false,
  needsJson: false,
  callsModel: true,
  doc: `A free-form rubric graded by the judge model with a score (0–10, normalised to 0..1) and a reason: \`rubric: "<criteria>"\` or \`{criteria, threshold, model}\`, threshold default ${DEFAULT_RUBRIC_THRESHOLD}.`,
  example: { criteria: 'Apologises once, offers a refund and names the {{product}}.', threshold: 0.8 },
  judgeRequests: (spec, ctx) => [rubricRequest(spec, ctx)],
  async run(spec, ctx) {
    const threshold = (typeof spec === 'string' ? undefined : spec.threshold) ?? DEFAULT_RUBRIC_THRESHOLD;
    const request = rubricRequest(spec, ctx);
    const { model } = request;
    let call: JudgeCall;
    try {
      call = await ctx.judge(request);
    } catch (error) {
      return { passed: false, score: 0, reason: `judge ${model} failed: ${(error as Error).message}`, evaluatorError: true };
    }
    const reading = readRubricReply(call.output);
    if (!reading) return { passed: false, score: 0, reason: `judge reply ${quote(call.output)} has no score from 0 to 10`, judge: call, evaluatorError: true };
    const passed = reading.score >= threshold;
    const because = reading.reason ? `: ${reading.reason}` : '';
    return { passed, score: reading.score, reason: `judge ${model} scored ${reading.score.toFixed(2)} ${passed ? '≥' : '<'} ${threshold}${because}`, judge: call };
  },
});
