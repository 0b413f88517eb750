import type { CaseResult, GroupSummary, MetricSummary } from './types.js';

// Named metrics (`metric: <name>` on evaluators): the mean score of every verdict carrying the name,
// over a group of results (a model's, a run's). Cancelled results and evaluators that could not
// run do not count. Scores are clamped to 0..1 as in a case's score.

export function metricsOf(results: readonly CaseResult[]): Record<string, MetricSummary> | undefined {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const r of results) {
    if (r.status === 'cancelled') continue;
    for (const v of r.evaluations) {
      if (!v.metric || v.evaluatorError) continue;
      const entry = sums.get(v.metric) ?? { sum: 0, count: 0 };
      const score = v.score ?? (v.passed ? 1 : 0);
      entry.sum += Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
      entry.count++;
      sums.set(v.metric, entry);
    }
  }
  if (sums.size === 0) return undefined;
  return Object.fromEntries([...sums].sort(([a], [b]) => a.localeCompare(b)).map(([name, { sum, count }]) => [name, { mean: sum / count, count }]));
}

/** `{ metrics }` for a group summary, when any verdict names a metric. */
export function metricsField(results: readonly CaseResult[]): Pick<GroupSummary, 'metrics'> {
  const metrics = metricsOf(results);
  return metrics ? { metrics } : {};
}
