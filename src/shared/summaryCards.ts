import type { GroupSummary, RunRecord } from '../core/record/types.js';
import { int, interval, ms, percent, usd } from './format.js';
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
      { title: 'Cost', value: usd(summary.costUsd, summary.costIncomplete), detail: `${usd(summary.costPerPassingCase, summary.costIncomplete)} per passing case` },
      { title: 'Latency', value: summary.latencyMs ? `p50 ${ms(summary.latencyMs.p50)}` : 'n/a', detail: summary.latencyMs ? `p95 ${ms(summary.latencyMs.p95)}` : 'no requests (cache hits only)' },
      ...(summary.ttftMs ? [{ title: 'Time to first token', value: `p50 ${ms(summary.ttftMs.p50)}`, detail: `p95 ${ms(summary.ttftMs.p95)} · streamed requests` }] : []),
      { title: 'Tokens', value: `${int(summary.inputTokens)} / ${int(summary.outputTokens)}`, detail: `in / out · ${summary.cacheHits} cache hit${summary.cacheHits === 1 ? '' : 's'}` },
      ...metricCards(summary),
    ],
  };
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
  const latency = summary.latencyMs ? `p50 ${ms(summary.latencyMs.p50)} · p95 ${ms(summary.latencyMs.p95)}` : 'no latency';
  return `${percent(summary.passRate)} · ${usd(summary.costUsd, summary.costIncomplete)} · ${latency}`;
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
      text: usd(summary.costUsd, summary.costIncomplete),
      sub: summary.costPerPassingCase === null ? 'no passes' : `${usd(summary.costPerPassingCase, summary.costIncomplete)}/pass`,
      title: 'Total cost; cost per passing case',
    },
    latency: {
      text: summary.latencyMs ? `p50 ${ms(summary.latencyMs.p50)}` : 'n/a',
      sub: summary.latencyMs ? `p95 ${ms(summary.latencyMs.p95)}` : undefined,
      title: 'Median and 95th percentile latency (cache hits left out)',
    },
    tokens: { text: `${int(summary.inputTokens)} / ${int(summary.outputTokens)}`, title: 'Input / output tokens' },
  };
}
