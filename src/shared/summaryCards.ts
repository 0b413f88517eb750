import type { GroupSummary, RunRecord } from '../core/record/types.js';
import { summaryCost } from '../core/record/resultCost.js';
import { int, interval, ms, percent, plural, usd } from './format.js';
import type { Cell } from './table.js';
import type { SummaryBlock, SummaryCard } from './viewModel.js';

// The numbers of a GroupSummary (src/core/record/summary.ts) as cards and totals-row cells.

export function passRateText(summary: GroupSummary): string {
  return summary.passRateInterval ? `${percent(summary.passRate)} (95% CI ${interval(summary.passRateInterval)})` : percent(summary.passRate);
}

/** How the interval was computed, for a hover: the summary uses Wilson, or a bootstrap with repeats. */
export function intervalMethod(repeated: boolean): string {
  return repeated ? '95% interval: bootstrap over cases (repeats of a case are resampled together)' : '95% interval: Wilson score';
}

export function summaryBlock(heading: string, summary: GroupSummary, repeated: boolean): SummaryBlock {
  const decided = summary.passed + summary.failed + summary.errored;
  const ci = summary.passRateInterval ? `95% CI ${interval(summary.passRateInterval)}${repeated ? ' (bootstrap)' : ''} · ` : '';
  return {
    heading,
    cards: [
      { title: 'Pass rate', value: percent(summary.passRate), detail: `${ci}${summary.passed}/${decided} passed`, tone: decided > 0 && summary.passed === decided ? 'pass' : undefined },
      { title: 'Cost', value: usd(summaryCost(summary), summary.costIncomplete), detail: `${usd(summary.costPerPassingCase, summary.costIncomplete)} per passing case${cachedDetail(summary)}` },
      { title: 'Latency', value: summary.latencyMs ? `p50 ${ms(summary.latencyMs.p50)}` : 'n/a', detail: summary.latencyMs ? `p95 ${ms(summary.latencyMs.p95)}` : noLatencyReason(summary) },
      ...(summary.ttftMs ? [{ title: 'Time to first token', value: `p50 ${ms(summary.ttftMs.p50)}`, detail: `p95 ${ms(summary.ttftMs.p95)} · streamed requests` }] : []),
      { title: 'Tokens', value: `${int(summary.inputTokens)} / ${int(summary.outputTokens)}`, detail: `${tokensIncluded(summary)} · ${plural(summary.cacheHits, 'cache hit')}` },
      ...metricCards(summary),
    ],
  };
}

/** " · $0.0021 spent this run, $0.0063 cached": a cached answer keeps its cost; the money spent now is apart. */
function cachedDetail(summary: GroupSummary): string {
  if (!summary.cachedCostUsd) return '';
  return ` · ${usd(summary.costUsd, summary.costIncomplete)} spent this run, ${usd(summary.cachedCostUsd)} cached`;
}

/** What the token figures count: the answers; the judges' tokens beside them (their cost is in Cost). */
function tokensIncluded(summary: GroupSummary): string {
  const j = summary.judgeTokens;
  return j ? `in / out of the answers; judges ${int(j.inputTokens)} / ${int(j.outputTokens)} more` : 'in / out';
}

/** Why a group has no latency: only answers are timed (a cache hit at its latency when produced), not failures. */
export function noLatencyReason(summary: GroupSummary): string {
  const failed = summary.errored;
  if (summary.total === 0 || summary.total === summary.cancelled) return 'nothing ran';
  if (failed) return `no answers: ${failed === 1 ? 'the request' : `all ${int(failed)} requests`} failed`;
  return 'no timed answers';
}

/** One card per named metric (`metric:` on evaluators): its mean score. */
export function metricCards(summary: GroupSummary): SummaryCard[] {
  return Object.entries(summary.metrics ?? {}).map(([name, m]) => ({
    title: `Metric: ${name}`,
    value: m.mean.toFixed(2),
    detail: `mean score of ${m.count} verdict${m.count === 1 ? '' : 's'} (0–1)`,
  }));
}

/** "78.9% · $0.2653 · p50 295 ms · p95 2094 ms": a column header's second line. */
export function headerLine(summary: GroupSummary): string {
  const latency = summary.latencyMs ? `p50 ${ms(summary.latencyMs.p50)} · p95 ${ms(summary.latencyMs.p95)}` : `latency n/a (${noLatencyReason(summary)})`;
  const cached = summary.cachedCostUsd ? ' (cached)' : '';
  return `${percent(summary.passRate)} · ${usd(summaryCost(summary), summary.costIncomplete)}${cached} · ${latency}`;
}

export function isRepeated(record: Pick<RunRecord, 'options' | 'results'>): boolean {
  return record.options.repeat > 1 || record.results.some((r) => r.repeat > 0);
}

/** Totals-row cells for a group of results (status, cost, latency, tokens). */
export function totalsCells(summary: GroupSummary, repeated: boolean): { status: Cell; cost: Cell; latency: Cell; tokens: Cell } {
  const decided = summary.passed + summary.failed + summary.errored;
  return {
    status: {
      text: `${summary.passed}/${decided} · ${percent(summary.passRate)}`,
      sub: summary.passRateInterval ? `95% CI ${interval(summary.passRateInterval)}` : undefined,
      title: `${passRateText(summary)}; ${intervalMethod(repeated)}`,
    },
    cost: {
      text: usd(summaryCost(summary), summary.costIncomplete),
      // No passes, or passes of a model with no known price (n/a, never $0).
      sub: summary.passed === 0 ? 'no passes' : `${usd(summary.costPerPassingCase, summary.costIncomplete)}/pass`,
      title: summary.cachedCostUsd
        ? `Total cost, cached answers at what they cost when produced (${usd(summary.costUsd, summary.costIncomplete)} spent this run); cost per passing case`
        : 'Total cost; cost per passing case',
    },
    latency: {
      text: summary.latencyMs ? `p50 ${ms(summary.latencyMs.p50)}` : 'n/a',
      sub: summary.latencyMs ? `p95 ${ms(summary.latencyMs.p95)}` : undefined,
      title: summary.latencyMs ? 'Median and 95th percentile latency (cache hits at the latency they had when produced)' : `Latency n/a: ${noLatencyReason(summary)}`,
    },
    tokens: {
      text: `${int(summary.inputTokens)} / ${int(summary.outputTokens)}`,
      sub: summary.judgeTokens ? `+ judges ${int(summary.judgeTokens.inputTokens)} / ${int(summary.judgeTokens.outputTokens)}` : undefined,
      title: summary.judgeTokens ? 'Input / output tokens of the answers, and of the LLM-judge calls (included in the cost)' : 'Input / output tokens',
    },
  };
}
