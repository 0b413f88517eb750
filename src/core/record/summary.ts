import { bootstrapMean, percentile, wilson } from '../stats.js';
import type { CaseResult, GroupSummary, RunSummary } from './types.js';
import { metricsField } from './metrics.js';

export function summarizeGroup(results: readonly CaseResult[]): GroupSummary {
  const count = (s: CaseResult['status']) => results.filter((r) => r.status === s).length;
  const passed = count('passed');
  const failed = count('failed');
  const errored = count('errored');
  const cancelled = count('cancelled');
  const decided = passed + failed + errored;
  const costUsd = results.reduce((sum, r) => sum + (r.costUsd ?? 0), 0);
  const ran = results.filter((r) => r.status !== 'cancelled' && !r.error);
  const latencies = ran.filter((r) => !r.cacheHit).map((r) => r.latencyMs);
  return {
    total: results.length,
    passed,
    failed,
    errored,
    cancelled,
    passRate: decided ? passed / decided : null,
    passRateInterval: decided ? passRateInterval(results) : undefined,
    costUsd,
    costIncomplete: ran.some((r) => r.costUsd === null),
    costPerPassingCase: passed ? costUsd / passed : null,
    inputTokens: results.reduce((s, r) => s + (r.usage?.inputTokens ?? 0), 0),
    outputTokens: results.reduce((s, r) => s + (r.usage?.outputTokens ?? 0), 0),
    cacheHits: results.filter((r) => r.cacheHit).length,
    latencyMs: latencies.length ? { p50: percentile(latencies, 50), p95: percentile(latencies, 95) } : null,
    ...metricsField(results),
  };
}

/** Wilson on single runs; with repeats, a bootstrap over cases (repeats of a case are correlated). */
function passRateInterval(results: readonly CaseResult[]): [number, number] {
  const decided = results.filter((r) => r.status !== 'cancelled');
  const repeated = decided.some((r) => r.repeat > 0);
  if (!repeated) return wilson(decided.filter((r) => r.status === 'passed').length, decided.length);
  const perCase = new Map<string, { passed: number; total: number }>();
  for (const r of decided) {
    const key = `${r.model}\u0000${r.caseId}`;
    const entry = perCase.get(key) ?? { passed: 0, total: 0 };
    entry.total++;
    if (r.status === 'passed') entry.passed++;
    perCase.set(key, entry);
  }
  return bootstrapMean([...perCase.values()].map((e) => e.passed / e.total));
}

export function summarize(results: readonly CaseResult[], models: readonly string[], durationMs: number): RunSummary {
  const byModel: Record<string, GroupSummary> = {};
  for (const model of models) byModel[model] = summarizeGroup(results.filter((r) => r.model === model));
  return { ...summarizeGroup(results), durationMs, byModel };
}
