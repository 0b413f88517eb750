import type { CaseResult, GroupSummary } from './types.js';

// Named metrics (`metric: <name>` on evaluators): the mean score of every verdict carrying the name,
// over a group of results (a model's, a run's), accumulated result by result like the rest of a
// summary. Cancelled results and evaluators that could not run do not count. Scores are clamped to
// 0..1 as in a case's score.

export type MetricSums = Map<string, { sum: number; count: number }>;

export function addMetrics(sums: MetricSums, r: CaseResult): void {
  if (r.status === 'cancelled') return;
  for (const v of r.evaluations) {
    if (!v.metric || v.evaluatorError) continue;
    const entry = sums.get(v.metric) ?? { sum: 0, count: 0 };
    const score = v.score ?? (v.passed ? 1 : 0);
    entry.sum += Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
    entry.count++;
    sums.set(v.metric, entry);
  }
}

/** `{ metrics }` for a group summary, when any verdict names a metric. */
export function metricsField(sums: MetricSums): Pick<GroupSummary, 'metrics'> {
  if (sums.size === 0) return {};
  return { metrics: Object.fromEntries([...sums].sort(([a], [b]) => a.localeCompare(b)).map(([name, { sum, count }]) => [name, { mean: sum / count, count }])) };
}
