import { bootstrapMean, percentiles, wilson } from '../stats.js';
import type { CaseResult, GroupSummary, RunSummary } from './types.js';
import { addMetrics, metricsField, type MetricSums } from './metrics.js';
import { repeatSummaryOf } from './repeats.js';

// Summaries are accumulated result by result, so a run of a million cases never holds its
// results to summarise them: counts, sums, one number per latency (8 bytes) and, for repeated
// runs only, one tally per case.

/** Above this many cases the interval of repeated runs is the normal approximation, not a bootstrap. */
const BOOTSTRAP_MAX_CASES = 5000;

interface Group {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  cancelled: number;
  costUsd: number;
  cachedCostUsd: number;
  costIncomplete: boolean;
  inputTokens: number;
  outputTokens: number;
  judgeInputTokens: number;
  judgeOutputTokens: number;
  cacheHits: number;
  latencies: Float64Array;
  latencyCount: number;
  /** Times to first token of streamed requests, grown like latencies. */
  ttfts: number[];
  /** caseId → [passed, decided], only for repeated runs. */
  perCase?: Map<string, [number, number]>;
  metrics: MetricSums;
}

function newGroup(repeated: boolean): Group {
  return {
    total: 0,
    passed: 0,
    failed: 0,
    errored: 0,
    cancelled: 0,
    costUsd: 0,
    cachedCostUsd: 0,
    costIncomplete: false,
    inputTokens: 0,
    outputTokens: 0,
    judgeInputTokens: 0,
    judgeOutputTokens: 0,
    cacheHits: 0,
    latencies: new Float64Array(64),
    latencyCount: 0,
    ttfts: [],
    perCase: repeated ? new Map() : undefined,
    metrics: new Map(),
  };
}

function addLatency(g: Group, ms: number): void {
  if (g.latencyCount === g.latencies.length) {
    const grown = new Float64Array(g.latencies.length * 2);
    grown.set(g.latencies);
    g.latencies = grown;
  }
  g.latencies[g.latencyCount++] = ms;
}

function add(g: Group, r: CaseResult): void {
  g.total++;
  if (r.status === 'passed') g.passed++;
  else if (r.status === 'failed') g.failed++;
  else if (r.status === 'errored') g.errored++;
  else g.cancelled++;
  g.costUsd += r.costUsd ?? 0;
  g.inputTokens += r.usage?.inputTokens ?? 0;
  g.outputTokens += r.usage?.outputTokens ?? 0;
  for (const v of r.evaluations) {
    g.judgeInputTokens += v.judge?.usage?.inputTokens ?? 0;
    g.judgeOutputTokens += v.judge?.usage?.outputTokens ?? 0;
  }
  if (r.cacheHit) g.cacheHits++;
  const ran = r.status !== 'cancelled' && !r.error;
  if (ran && r.costUsd === null) g.costIncomplete = true;
  g.cachedCostUsd += r.cachedCostUsd ?? 0;
  if (ran && r.cachedCostUsd === null) g.costIncomplete = true;
  // A cache hit keeps the latency its answer had when it was produced; a batch answer has no
  // latency of its own (it waited for its batch), so it is left out.
  if (ran && !r.batch) addLatency(g, r.latencyMs);
  if (ran && !r.cacheHit && r.ttftMs !== undefined) g.ttfts.push(r.ttftMs);
  addMetrics(g.metrics, r);
  if (g.perCase && r.status !== 'cancelled') {
    const key = `${r.model}\u0000${r.caseId}`;
    const tally = g.perCase.get(key) ?? [0, 0];
    if (r.status === 'passed') tally[0]++;
    tally[1]++;
    g.perCase.set(key, tally);
  }
}

/** Wilson on single runs; with repeats, an interval over cases (repeats of a case are correlated). */
function interval(g: Group, decided: number): [number, number] {
  if (!g.perCase) return wilson(g.passed, decided);
  const rates = [...g.perCase.values()].map(([passed, total]) => passed / total);
  if (rates.length <= BOOTSTRAP_MAX_CASES) return bootstrapMean(rates);
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  const variance = rates.reduce((a, b) => a + (b - mean) ** 2, 0) / (rates.length - 1);
  const half = 1.959964 * Math.sqrt(variance / rates.length);
  return [Math.max(0, mean - half), Math.min(1, mean + half)];
}

function medianAnd95(values: ArrayLike<number>): { p50: number; p95: number } {
  const [p50, p95] = percentiles(values, [50, 95]);
  return { p50, p95 };
}

function finish(g: Group): GroupSummary {
  const decided = g.passed + g.failed + g.errored;
  const latencies = g.latencies.subarray(0, g.latencyCount);
  return {
    total: g.total,
    passed: g.passed,
    failed: g.failed,
    errored: g.errored,
    cancelled: g.cancelled,
    passRate: decided ? g.passed / decided : null,
    passRateInterval: decided ? interval(g, decided) : undefined,
    costUsd: g.costUsd,
    ...(g.cachedCostUsd ? { cachedCostUsd: g.cachedCostUsd } : {}),
    costIncomplete: g.costIncomplete,
    // Nothing priced: per pass is as unknown as the total.
    costPerPassingCase: g.passed && !(g.costIncomplete && g.costUsd + g.cachedCostUsd === 0) ? (g.costUsd + g.cachedCostUsd) / g.passed : null,
    inputTokens: g.inputTokens,
    outputTokens: g.outputTokens,
    ...(g.judgeInputTokens || g.judgeOutputTokens ? { judgeTokens: { inputTokens: g.judgeInputTokens, outputTokens: g.judgeOutputTokens } } : {}),
    cacheHits: g.cacheHits,
    latencyMs: latencies.length ? medianAnd95(latencies) : null,
    ...(g.ttfts.length ? { ttftMs: medianAnd95(g.ttfts) } : {}),
    ...metricsField(g.metrics),
    ...(g.perCase ? { repeats: repeatSummaryOf(g.perCase.values()) } : {}),
  };
}

export interface SummaryAccumulator {
  add(result: CaseResult): void;
  summary(durationMs: number): RunSummary;
}

/** `repeated`: the run repeats cases, so pass-rate intervals are taken over cases. */
export function createSummaryAccumulator(models: readonly string[], repeated: boolean): SummaryAccumulator {
  const all = newGroup(repeated);
  const byModel = new Map(models.map((m) => [m, newGroup(repeated)]));
  return {
    add(result) {
      add(all, result);
      let group = byModel.get(result.model);
      if (!group) byModel.set(result.model, (group = newGroup(repeated)));
      add(group, result);
    },
    summary: (durationMs) => ({ ...finish(all), durationMs, byModel: Object.fromEntries([...byModel].map(([m, g]) => [m, finish(g)])) }),
  };
}

function isRepeated(results: readonly CaseResult[]): boolean {
  return results.some((r) => r.repeat > 0);
}

export function summarizeGroup(results: readonly CaseResult[]): GroupSummary {
  const group = newGroup(isRepeated(results));
  for (const r of results) add(group, r);
  return finish(group);
}

/** summarizeGroups that takes more results later: a results view of a run in progress adds those that came since its last frame. */
export interface GroupsTally {
  /** False when `result` would make a group repeated that was summarised as not: the tally must be made again. */
  add(result: CaseResult): boolean;
  summaries(): { all: GroupSummary; groups: GroupSummary[] };
}

export function groupsTally(results: readonly CaseResult[], count: number, groupOf: (result: CaseResult) => number | undefined): GroupsTally {
  // Each group is repeated or not by its own results, as summarizeGroup of them alone decides.
  const repeated = new Array<boolean>(count).fill(false);
  for (const r of results) {
    const g = r.repeat > 0 ? groupOf(r) : undefined;
    if (g !== undefined) repeated[g] = true;
  }
  const all = newGroup(isRepeated(results));
  const groups = repeated.map(newGroup);
  const take = (r: CaseResult): boolean => {
    const g = groupOf(r);
    if (r.repeat > 0 && (!all.perCase || (g !== undefined && !groups[g].perCase))) return false;
    add(all, r);
    if (g !== undefined) add(groups[g], r);
    return true;
  };
  for (const r of results) take(r);
  return { add: take, summaries: () => ({ all: finish(all), groups: groups.map(finish) }) };
}

/**
 * summarizeGroup of all `results` and of each of `count` groups (`groupOf`: a result's group, or
 * undefined for none), in one pass: what a view of 100,000 results shows above its table, where a
 * pass per model and one for the whole took a third of building the view.
 */
export function summarizeGroups(results: readonly CaseResult[], count: number, groupOf: (result: CaseResult) => number | undefined): { all: GroupSummary; groups: GroupSummary[] } {
  return groupsTally(results, count, groupOf).summaries();
}

export function summarize(results: readonly CaseResult[], models: readonly string[], durationMs: number): RunSummary {
  const accumulator = createSummaryAccumulator(models, isRepeated(results));
  for (const r of results) accumulator.add(r);
  return accumulator.summary(durationMs);
}
