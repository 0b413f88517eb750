import type { z } from 'zod';
import type { EvalContext, JudgeRequest, Outcome } from './types.js';

/** What a judge request is built from, before a run (estimates) or during one. */
export interface JudgePlanContext {
  /** The answer the judge grades (an estimate passes ""; it adds the expected output's tokens). */
  output: string;
  vars: Readonly<Record<string, unknown>>;
  /** Default model for judges that name none. */
  judgeModel: string;
}

// What the project knows about one evaluator kind, in one place: how it is written (its zod
// schema), what it does, whether the output must be parsed as JSON first, whether gh models can
// run it, and the line the docs and the editor schema show. evaluators/registry.ts lists them.

export interface EvaluatorKindDef<K extends string = string, S extends z.ZodType = z.ZodType> {
  /** The key that selects the kind in an evaluator entry (`string:`, `regex:`…). */
  key: K;
  /** The value under that key. */
  schema: S;
  /** gh models runs it; everything else belongs under `workbench.evaluators`. */
  gh: boolean;
  /** The runner parses the output as JSON before this kind runs. */
  needsJson: boolean;
  /** It sends a request to a model (an LLM judge): estimates count these calls. */
  callsModel: boolean;
  /** The judge requests it sends for one answer: the same messages a run sends, so estimates count what runs. */
  judgeRequests?(spec: z.output<S>, ctx: JudgePlanContext): JudgeRequest[];
  /** It asks the provider's `/embeddings` endpoint for vectors: estimates count these calls. */
  embeds?: boolean;
  /** It executes code from the workspace: allowed only in a trusted workspace / with --allow-code. */
  runsCode?: boolean;
  /** The evaluator body it wraps (`not`), so JSON needs, model calls and code are found inside it. */
  inner?(spec: z.output<S>): Readonly<Record<string, unknown>>;
  /** One line for the README's table and the editor's schema. */
  doc: string;
  /** An example value, shown in the docs. */
  example: z.input<S>;
  run(spec: z.output<S>, ctx: EvalContext): Outcome | Promise<Outcome>;
  /** A problem visible without running (an invalid regex, a schema that does not compile). */
  check?(spec: z.output<S>): string | undefined;
}

/** Keeps each kind's literal key and schema type, so the registry can derive the Evaluator type. */
export function defineKind<K extends string, S extends z.ZodType>(def: EvaluatorKindDef<K, S>): EvaluatorKindDef<K, S> {
  return def;
}

export function pass(passed: boolean, reason: string): Outcome {
  return { passed, score: passed ? 1 : 0, reason };
}

/** Scores outside 0..1 (a judge choice scored 5) count as their nearest end. */
export function clampScore(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.min(1, Math.max(0, score));
}
