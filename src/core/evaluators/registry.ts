import { z } from 'zod';
import type { EvaluatorKindDef } from './kind.js';
import { stringKind } from './string.js';
import { llmKind, usesKind } from './llmJudge.js';
import { regexKind } from './regex.js';
import { jsonKind } from './json.js';
import { jsonSchemaKind } from './jsonSchema.js';
import { jsonPathKind } from './jsonPath.js';
import { budgetKinds } from './thresholds.js';
import type { EvalContext, Verdict } from './types.js';

// Every evaluator kind, once. The prompt schema, dispatch, "needs the output as JSON", gh
// portability warnings, estimates, the README's table and media/prompt.schema.json all read this
// list; a new kind is one entry here and one file next to this one.

export const EVALUATOR_KINDS = [stringKind, llmKind, usesKind, regexKind, jsonKind, jsonSchemaKind, jsonPathKind, ...budgetKinds] as const;

type Kinds = (typeof EVALUATOR_KINDS)[number];
export type EvaluatorKind = Kinds['key'];

/** An evaluator entry as written: a name and exactly one kind key. */
export type Evaluator = { name: string } & { [K in Kinds as K['key']]?: z.output<K['schema']> };

const BY_KEY = new Map<string, EvaluatorKindDef>(EVALUATOR_KINDS.map((k) => [k.key, k as unknown as EvaluatorKindDef]));
export const EVALUATOR_KEYS: readonly EvaluatorKind[] = EVALUATOR_KINDS.map((k) => k.key);
export const GH_EVALUATOR_KEYS: readonly EvaluatorKind[] = EVALUATOR_KINDS.filter((k) => k.gh).map((k) => k.key);

export const evaluatorSchema = z
  .object({
    name: z.string().min(1).describe('Shown in results and failure messages.'),
    ...Object.fromEntries(EVALUATOR_KINDS.map((k) => [k.key, k.schema.optional().describe(k.doc)])),
  })
  .superRefine((e, ctx) => {
    const kinds = EVALUATOR_KEYS.filter((k) => (e as Record<string, unknown>)[k] !== undefined);
    if (kinds.length === 1) return;
    ctx.addIssue({
      code: 'custom',
      message: kinds.length === 0 ? `needs one of ${EVALUATOR_KEYS.join(', ')}` : `has ${kinds.join(' and ')}; an evaluator does exactly one check, split it into ${kinds.length} evaluators`,
    });
  }) as unknown as z.ZodType<Evaluator>;

/** The kind an entry carries (the first, in registry order, when it carries several). */
export function kindOf(e: Evaluator): EvaluatorKindDef {
  const key = EVALUATOR_KEYS.find((k) => e[k] !== undefined) ?? 'llm';
  return BY_KEY.get(key)!;
}

export function kindByKey(key: string): EvaluatorKindDef | undefined {
  return BY_KEY.get(key);
}

function specOf(e: Evaluator, kind: EvaluatorKindDef): unknown {
  return (e as Record<string, unknown>)[kind.key];
}

/** A problem in the entry that shows without running it (an invalid regex…). */
export function checkEvaluator(e: Evaluator): { key: string; message: string } | undefined {
  const kind = kindOf(e);
  const message = kind.check?.(specOf(e, kind));
  return message ? { key: kind.key, message } : undefined;
}

/** Runs one evaluator; an evaluator that throws becomes a failed verdict, never a lost case. */
export async function runEvaluator(e: Evaluator, ctx: EvalContext): Promise<Verdict> {
  const kind = kindOf(e);
  try {
    return { name: e.name, kind: kind.key, ...(await kind.run(specOf(e, kind), ctx)) };
  } catch (error) {
    return { name: e.name, kind: kind.key, passed: false, score: 0, reason: `evaluator crashed: ${(error as Error).message}`, evaluatorError: true };
  }
}

export function runEvaluators(evaluators: readonly Evaluator[], ctx: EvalContext): Promise<Verdict[]> {
  return Promise.all(evaluators.map((e) => runEvaluator(e, ctx)));
}

export function needsJson(evaluators: readonly Evaluator[]): boolean {
  return evaluators.some((e) => kindOf(e).needsJson);
}

export function callsModel(e: Evaluator): boolean {
  return kindOf(e).callsModel;
}

export function runsInGh(e: Evaluator): boolean {
  return kindOf(e).gh;
}
