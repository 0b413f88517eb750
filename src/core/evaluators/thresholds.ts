import { z } from 'zod';
import { defineKind } from './kind.js';
import type { CaseMetrics, EvalContext } from './types.js';

// Budget checks on what a case cost, how long it took and how many tokens it used.

interface Budget<K extends string> {
  key: K;
  what: string;
  actual(m: CaseMetrics): number | null;
  label(v: number): string;
  example: number;
  /** Why the actual value can be missing (the evaluator then fails as an evaluator error). */
  unknown?: string;
}

function budgetKind<K extends string>(budget: Budget<K>) {
  return defineKind({
    key: budget.key,
    schema: z.number().min(0),
    gh: false,
    needsJson: false,
    callsModel: false,
    doc: `Passes when ${budget.what} is at most this.`,
    example: budget.example,
    run(limit: number, ctx: EvalContext) {
      const actual = budget.actual(ctx.metrics);
      if (actual === null) return { passed: false, score: 0, reason: budget.unknown ?? 'cost is unknown for this model (add its price to prompt-workbench.yml)', evaluatorError: true };
      const passed = actual <= limit;
      return { passed, score: passed ? 1 : 0, reason: `${budget.label(actual)} ${passed ? '≤' : '>'} limit ${budget.label(limit)}` };
    },
  });
}

export const budgetKinds = [
  budgetKind({ key: 'maxCostUsd', what: "the request's cost in USD (judge calls not included)", actual: (m) => m.costUsd, label: (v) => `$${v.toPrecision(3)}`, example: 0.001 }),
  budgetKind({ key: 'maxLatencyMs', what: "the answer's latency in milliseconds", actual: (m) => m.latencyMs, label: (v) => `${Math.round(v)} ms`, example: 5000 }),
  budgetKind({
    key: 'maxTtftMs',
    what: "the time to first token in milliseconds (streamed requests: --stream or the provider's `stream` setting)",
    actual: (m) => m.ttftMs ?? null,
    label: (v) => `${Math.round(v)} ms to first token`,
    example: 800,
    unknown: "no time to first token: the request was not streamed (use --stream or the provider's stream setting)",
  }),
  budgetKind({ key: 'maxInputTokens', what: "the request's input tokens", actual: (m) => m.inputTokens, label: (v) => `${v} input tokens`, example: 2000 }),
  budgetKind({ key: 'maxOutputTokens', what: "the answer's output tokens", actual: (m) => m.outputTokens, label: (v) => `${v} output tokens`, example: 200 }),
  budgetKind({ key: 'maxTotalTokens', what: 'input plus output tokens', actual: (m) => m.inputTokens + m.outputTokens, label: (v) => `${v} tokens`, example: 2500 }),
] as const;
