import { z } from 'zod';
import type { EvaluatorKindDef, JudgePlanContext } from './kind.js';
import { stringKind } from './string.js';
import { llmKind, usesKind } from './llmJudge.js';
import { regexKind } from './regex.js';
import { jsonKind } from './json.js';
import { jsonSchemaKind } from './jsonSchema.js';
import { jsonPathKind } from './jsonPath.js';
import { budgetKinds } from './thresholds.js';
import { negationKind } from './not.js';
import { containsAllKind, containsAnyKind } from './containsSet.js';
import { levenshteinKind } from './levenshtein.js';
import { rougeLKind } from './rougeL.js';
import { bleuKind } from './bleu.js';
import { refusalKind } from './refusal.js';
import { charCountKind, wordCountKind } from './length.js';
import { piiKind } from './pii.js';
import { canaryKind } from './canary.js';
import { rubricKind } from './rubric.js';
import { similarKind } from './similar.js';
import { javascriptKind } from './javascript.js';
import { noToolCallKind, toolCallKind } from './toolCall.js';
import { toolCallsKind } from './toolCalls.js';
import { finishReasonKind } from './finishReason.js';
import type { EvalContext, JudgeRequest, Outcome, Verdict } from './types.js';

// Every evaluator kind, once. The prompt schema, dispatch, "needs the output as JSON", gh
// portability warnings, estimates, the README's table and media/prompt.schema.json all read this
// list; a new kind is one entry here and one file next to this one.

// `not` wraps any evaluator body; it gets the body schema and runner from here (see not.ts).
const notKind = negationKind({ body: () => evaluatorBodySchema, run: (body, ctx) => runBody(body, ctx), check: (body) => checkBody(body) });

export const EVALUATOR_KINDS = [
  stringKind,
  llmKind,
  usesKind,
  regexKind,
  jsonKind,
  jsonSchemaKind,
  jsonPathKind,
  ...budgetKinds,
  notKind,
  containsAnyKind,
  containsAllKind,
  levenshteinKind,
  rougeLKind,
  bleuKind,
  refusalKind,
  wordCountKind,
  charCountKind,
  piiKind,
  canaryKind,
  rubricKind,
  similarKind,
  javascriptKind,
  toolCallKind,
  noToolCallKind,
  toolCallsKind,
  finishReasonKind,
] as const;

type Kinds = (typeof EVALUATOR_KINDS)[number];
export type EvaluatorKind = Kinds['key'];

/** One kind key and its value: what `not:` wraps, and the check part of an evaluator entry. */
export type EvaluatorBody = { [K in Kinds as K['key']]?: z.output<K['schema']> };

/** An evaluator entry as written: a name, exactly one kind key, and optionally its weight and metric. */
export type Evaluator = { name: string; weight?: number; metric?: string } & EvaluatorBody;

const BY_KEY = new Map<string, EvaluatorKindDef>(EVALUATOR_KINDS.map((k) => [k.key, k as unknown as EvaluatorKindDef]));
export const EVALUATOR_KEYS: readonly EvaluatorKind[] = EVALUATOR_KINDS.map((k) => k.key);
export const GH_EVALUATOR_KEYS: readonly EvaluatorKind[] = EVALUATOR_KINDS.filter((k) => k.gh).map((k) => k.key);
/** Keys of an evaluator entry that are not kinds. */
export const EVALUATOR_ENTRY_KEYS = ['name', 'weight', 'metric'] as const;

const kindShape = () => Object.fromEntries(EVALUATOR_KINDS.map((k) => [k.key, k.schema.optional().describe(k.doc)]));

function exactlyOneKind(e: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const kinds = EVALUATOR_KEYS.filter((k) => e[k] !== undefined);
  if (kinds.length === 1) return;
  ctx.addIssue({
    code: 'custom',
    message: kinds.length === 0 ? `needs one of ${EVALUATOR_KEYS.join(', ')}` : `has ${kinds.join(' and ')}; an evaluator does exactly one check, split it into ${kinds.length} evaluators`,
  });
}

export const evaluatorBodySchema = z
  .object(kindShape())
  .superRefine(exactlyOneKind)
  .meta({ id: 'EvaluatorBody', description: 'One evaluator kind and its value (what `not:` wraps).' }) as unknown as z.ZodType<EvaluatorBody>;

export const evaluatorSchema = z
  .object({
    name: z.string().min(1).describe('Shown in results and failure messages.'),
    weight: z.number().min(0).optional().describe("Its share of the case's score (default 1); matters with workbench.threshold."),
    metric: z.string().min(1).optional().describe('A named metric its score counts towards: run summaries show the mean per metric and model.'),
    ...kindShape(),
  })
  .superRefine(exactlyOneKind) as unknown as z.ZodType<Evaluator>;

/** The kind an entry carries (the first, in registry order, when it carries several). */
export function kindOf(e: EvaluatorBody): EvaluatorKindDef {
  const key = EVALUATOR_KEYS.find((k) => e[k] !== undefined) ?? 'llm';
  return BY_KEY.get(key)!;
}

export function kindByKey(key: string): EvaluatorKindDef | undefined {
  return BY_KEY.get(key);
}

function specOf(e: EvaluatorBody, kind: EvaluatorKindDef): unknown {
  return (e as Record<string, unknown>)[kind.key];
}

/** The entry's kind and, for a wrapper such as `not`, the kinds inside it. */
function kindsIn(e: EvaluatorBody): EvaluatorKindDef[] {
  const kind = kindOf(e);
  const inner = kind.inner?.(specOf(e, kind));
  return inner ? [kind, ...kindsIn(inner)] : [kind];
}

function checkBody(e: EvaluatorBody): string | undefined {
  const kind = kindOf(e);
  const message = kind.check?.(specOf(e, kind));
  return message && kind.inner ? message : message ? `${kind.key}: ${message}` : undefined;
}

/** A problem in the entry that shows without running it (an invalid regex…). */
export function checkEvaluator(e: EvaluatorBody): { key: string; message: string } | undefined {
  const kind = kindOf(e);
  const message = kind.check?.(specOf(e, kind));
  return message ? { key: kind.key, message } : undefined;
}

async function runBody(e: EvaluatorBody, ctx: EvalContext): Promise<Outcome> {
  const kind = kindOf(e);
  return kind.run(specOf(e, kind), ctx);
}

/** Runs one evaluator; an evaluator that throws becomes a failed verdict, never a lost case. */
export async function runEvaluator(e: Evaluator, ctx: EvalContext): Promise<Verdict> {
  const kind = kindOf(e);
  const entry = { name: e.name, kind: kind.key, ...(e.weight !== undefined ? { weight: e.weight } : {}), ...(e.metric ? { metric: e.metric } : {}) };
  try {
    return { ...entry, ...(await runBody(e, ctx)) };
  } catch (error) {
    return { ...entry, passed: false, score: 0, reason: `evaluator crashed: ${(error as Error).message}`, evaluatorError: true };
  }
}

export function runEvaluators(evaluators: readonly Evaluator[], ctx: EvalContext): Promise<Verdict[]> {
  return Promise.all(evaluators.map((e) => runEvaluator(e, ctx)));
}

export function needsJson(evaluators: readonly EvaluatorBody[]): boolean {
  return evaluators.some((e) => kindsIn(e).some((k) => k.needsJson));
}

/** It sends a request to a judge model (also inside `not`). */
export function callsModel(e: EvaluatorBody): boolean {
  return kindsIn(e).some((k) => k.callsModel);
}

/** The judge requests an entry sends for one answer (also inside `not`); empty when it calls no model. */
export function judgeRequestsOf(e: EvaluatorBody, ctx: JudgePlanContext): JudgeRequest[] {
  const kind = kindOf(e);
  const spec = specOf(e, kind);
  if (kind.judgeRequests) return kind.judgeRequests(spec, ctx);
  const inner = kind.inner?.(spec);
  return inner ? judgeRequestsOf(inner, ctx) : [];
}

/** It asks for embeddings (also inside `not`). */
export function embeds(e: EvaluatorBody): boolean {
  return kindsIn(e).some((k) => k.embeds === true);
}

export function runsInGh(e: EvaluatorBody): boolean {
  return kindOf(e).gh;
}

/** Some evaluator is of this kind, at the top or inside a wrapper. */
export function hasKind(evaluators: readonly EvaluatorBody[], key: EvaluatorKind): boolean {
  return evaluators.some((e) => kindsIn(e).some((k) => k.key === key));
}

/** Where an entry runs code: the key paths inside it (`['javascript']`, `['not', 'javascript']`); empty when it does not. */
export function codePaths(e: EvaluatorBody): string[][] {
  const kind = kindOf(e);
  if (kind.runsCode) return [[kind.key]];
  const inner = kind.inner?.(specOf(e, kind));
  return inner ? codePaths(inner as EvaluatorBody).map((p) => [kind.key, ...p]) : [];
}
