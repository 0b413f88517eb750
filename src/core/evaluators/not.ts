import { z } from 'zod';
import { clampScore, defineKind } from './kind.js';
import type { EvalContext, Outcome } from './types.js';

// `not: { <any evaluator body> }` negates any kind. The body is validated by the registry's own
// body schema, so this file takes the schema and the runner of a body from the registry (which
// lists this kind): passing them in keeps the two files free of an import cycle.

/** An evaluator body as written inside `not:` – one kind key and its value. */
export type NestedBody = Readonly<Record<string, unknown>>;

export interface NegationParts {
  /** The registry's evaluator body schema (read lazily: it lists this kind too). */
  body: () => z.ZodType;
  run: (body: NestedBody, ctx: EvalContext) => Promise<Outcome>;
  /** A problem of the body visible without running it. */
  check: (body: NestedBody) => string | undefined;
}

export function negationKind(parts: NegationParts) {
  return defineKind({
    key: 'not',
    schema: z.lazy(parts.body) as unknown as z.ZodType<NestedBody>,
    gh: false,
    needsJson: false,
    callsModel: false,
    doc: 'Negates any evaluator: `not: { string: { contains: "as an AI" } }` passes when the inner check fails. Its reason says what was found, with "(must not)".',
    example: { string: { contains: 'as an AI' } },
    inner: (body) => body,
    check: (body) => parts.check(body),
    run: async (body, ctx) => negate(await parts.run(body, ctx)),
  });
}

/** The inner outcome turned around; an inner evaluator that could not run stays an error. */
export function negate(inner: Outcome): Outcome {
  if (inner.evaluatorError) return inner;
  const passed = !inner.passed;
  const score = 1 - clampScore(inner.score ?? (inner.passed ? 1 : 0));
  const { schemaErrors: _schemaErrors, ...rest } = inner;
  return { ...rest, passed, score, reason: passed ? inner.reason : `${inner.reason} (must not)` };
}
