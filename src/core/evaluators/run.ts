import type { EvalContext, Evaluator, Verdict } from './types.js';
import { evaluatorKind } from '../prompt/schema.js';
import { evaluateString } from './string.js';
import { evaluateRegex } from './regex.js';
import { evaluateJson, evaluateJsonPath, evaluateJsonSchema } from './json.js';
import { evaluateThreshold } from './thresholds.js';
import { evaluateLlm } from './llmJudge.js';

/** Runs one evaluator; an evaluator that throws becomes a failed verdict, never a lost case. */
export async function runEvaluator(e: Evaluator, ctx: EvalContext): Promise<Verdict> {
  try {
    if (e.string) return evaluateString(e, ctx);
    if (e.regex !== undefined) return evaluateRegex(e, ctx);
    if (e.json) return evaluateJson(e, ctx);
    if (e.jsonSchema !== undefined) return evaluateJsonSchema(e, ctx);
    if (e.jsonPath) return evaluateJsonPath(e, ctx);
    if (e.maxCostUsd !== undefined) return evaluateThreshold(e, 'maxCostUsd', ctx);
    if (e.maxLatencyMs !== undefined) return evaluateThreshold(e, 'maxLatencyMs', ctx);
    if (e.maxInputTokens !== undefined) return evaluateThreshold(e, 'maxInputTokens', ctx);
    if (e.maxOutputTokens !== undefined) return evaluateThreshold(e, 'maxOutputTokens', ctx);
    if (e.maxTotalTokens !== undefined) return evaluateThreshold(e, 'maxTotalTokens', ctx);
    return await evaluateLlm(e, ctx);
  } catch (error) {
    return { name: e.name, kind: evaluatorKind(e), passed: false, score: 0, reason: `evaluator crashed: ${(error as Error).message}`, evaluatorError: true };
  }
}

export async function runEvaluators(evaluators: readonly Evaluator[], ctx: EvalContext): Promise<Verdict[]> {
  return Promise.all(evaluators.map((e) => runEvaluator(e, ctx)));
}
