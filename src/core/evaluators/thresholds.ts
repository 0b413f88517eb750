import type { EvalContext, Evaluator, Verdict } from './types.js';

// Budget checks on what a case cost, how long it took and how many tokens it used.
type ThresholdKind = 'maxCostUsd' | 'maxLatencyMs' | 'maxInputTokens' | 'maxOutputTokens' | 'maxTotalTokens';

const LABEL: Record<ThresholdKind, (v: number) => string> = {
  maxCostUsd: (v) => `$${v.toPrecision(3)}`,
  maxLatencyMs: (v) => `${Math.round(v)} ms`,
  maxInputTokens: (v) => `${v} input tokens`,
  maxOutputTokens: (v) => `${v} output tokens`,
  maxTotalTokens: (v) => `${v} tokens`,
};

export function evaluateThreshold(e: Evaluator, kind: ThresholdKind, ctx: EvalContext): Verdict {
  const limit = e[kind]!;
  const m = ctx.metrics;
  const actual =
    kind === 'maxCostUsd'
      ? m.costUsd
      : kind === 'maxLatencyMs'
        ? m.latencyMs
        : kind === 'maxInputTokens'
          ? m.inputTokens
          : kind === 'maxOutputTokens'
            ? m.outputTokens
            : m.inputTokens + m.outputTokens;
  if (actual === null) {
    return { name: e.name, kind, passed: false, score: 0, reason: 'cost is unknown for this model (add its price to prompt-workbench.yml)', evaluatorError: true };
  }
  const passed = actual <= limit;
  return { name: e.name, kind, passed, score: passed ? 1 : 0, reason: `${LABEL[kind](actual)} ${passed ? '≤' : '>'} limit ${LABEL[kind](limit)}` };
}

export type { ThresholdKind };
