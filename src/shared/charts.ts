import type { CaseResult, GroupSummary } from '../core/record/types.js';
import { percentiles } from '../core/stats.js';
import { summaryCost } from '../core/record/resultCost.js';
import { el, type MarkupNode } from './markup.js';
import { interval, ms, percent, usd } from './format.js';
import { latencySample } from './viewModel.js';

// Small inline SVG charts. Colours come from CSS classes (the webview maps them to --vscode-*
// variables, the report to its own palette), so a chart follows the theme.

export interface RateBar {
  label: string;
  rate: number | null;
  interval?: [number, number];
}

export interface CostBar {
  label: string;
  costUsd: number;
  incomplete: boolean;
}

export interface LatencySeries {
  label: string;
  latencies: number[];
  /** Their p50 and p95 when already known (a summary's): a view of 100,000 results sorted them twice. */
  marks?: { p50: number; p95: number } | null;
}

const WIDTH = 360;
const LABEL_W = 120;
const VALUE_W = 70;
const ROW_H = 22;
const PAD = 6;
const PLOT_W = WIDTH - LABEL_W - VALUE_W - 2 * PAD;

function chartFrame(title: string, description: string, height: number, body: MarkupNode[]): MarkupNode {
  return el(
    'svg',
    { class: 'chart', viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height, role: 'img', 'aria-label': `${title}: ${description}`, xmlns: 'http://www.w3.org/2000/svg' },
    el('title', {}, `${title}: ${description}`),
    el('text', { class: 'chart-title', x: PAD, y: 14 }, title),
    ...body,
  );
}

function shorten(label: string, max = 20): string {
  return label.length > max ? `…${label.slice(label.length - max + 1)}` : label;
}

function rowLabel(label: string, y: number): MarkupNode {
  return el('text', { class: 'chart-label', x: LABEL_W - 4, y: y + ROW_H / 2 + 4, 'text-anchor': 'end' }, el('title', {}, label), shorten(label));
}

/** Pass rate per model or version, 0–100%, with the 95% interval as a whisker. */
export function passRateChart(bars: readonly RateBar[]): MarkupNode {
  const top = 22;
  const x = (rate: number) => LABEL_W + rate * PLOT_W;
  const body: MarkupNode[] = [el('line', { class: 'chart-axis', x1: LABEL_W, x2: LABEL_W, y1: top, y2: top + bars.length * ROW_H })];
  bars.forEach((bar, i) => {
    const y = top + i * ROW_H;
    body.push(rowLabel(bar.label, y));
    body.push(el('rect', { class: 'chart-track', x: LABEL_W, y: y + 4, width: PLOT_W, height: ROW_H - 8 }));
    if (bar.rate !== null) body.push(el('rect', { class: 'chart-bar bar-pass', x: LABEL_W, y: y + 4, width: Math.max(0.5, bar.rate * PLOT_W), height: ROW_H - 8 }));
    if (bar.interval) {
      const mid = y + ROW_H / 2;
      body.push(el('line', { class: 'chart-whisker', x1: x(bar.interval[0]), x2: x(bar.interval[1]), y1: mid, y2: mid }));
      for (const end of bar.interval) body.push(el('line', { class: 'chart-whisker', x1: x(end), x2: x(end), y1: mid - 4, y2: mid + 4 }));
    }
    body.push(el('text', { class: 'chart-value', x: WIDTH - PAD, y: y + ROW_H / 2 + 4, 'text-anchor': 'end' }, percent(bar.rate)));
  });
  const description = bars.map((b) => `${b.label} ${percent(b.rate)}${b.interval ? ` (95% CI ${interval(b.interval)})` : ''}`).join('; ');
  return chartFrame('Pass rate', description, top + bars.length * ROW_H + PAD, body);
}

/** Total cost per model or version, scaled to the largest. */
export function costChart(bars: readonly CostBar[]): MarkupNode {
  const top = 22;
  const max = Math.max(0, ...bars.map((b) => b.costUsd));
  const body: MarkupNode[] = [el('line', { class: 'chart-axis', x1: LABEL_W, x2: LABEL_W, y1: top, y2: top + bars.length * ROW_H })];
  bars.forEach((bar, i) => {
    const y = top + i * ROW_H;
    body.push(rowLabel(bar.label, y));
    const width = max > 0 ? (bar.costUsd / max) * PLOT_W : 0;
    body.push(el('rect', { class: 'chart-bar bar-cost', x: LABEL_W, y: y + 4, width: Math.max(0.5, width), height: ROW_H - 8 }));
    body.push(el('text', { class: 'chart-value', x: WIDTH - PAD, y: y + ROW_H / 2 + 4, 'text-anchor': 'end' }, usd(bar.costUsd, bar.incomplete)));
  });
  const description = bars.map((b) => `${b.label} ${usd(b.costUsd, b.incomplete)}`).join('; ');
  return chartFrame('Cost', description, top + bars.length * ROW_H + PAD, body);
}

const BINS = 16;
const HIST_H = 34;

/** Latency histogram per model or version on shared bins, with p50 and p95 marked. */
export function latencyChart(series: readonly LatencySeries[]): MarkupNode {
  const top = 22;
  const rowH = HIST_H + 6;
  const height = top + series.length * rowH + 16;
  // A loop, not Math.min(...all): spreading 100,000s of latencies into a call overflows the stack.
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (const v of s.latencies) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min > max) return chartFrame('Latency', 'no latencies yet', top + 10, []);
  const span = max - min || 1;
  const binOf = (v: number) => Math.min(BINS - 1, Math.floor(((v - min) / span) * BINS));
  const x = (v: number) => LABEL_W + ((v - min) / span) * PLOT_W;
  const body: MarkupNode[] = [];
  // p50 and p95 of each series, for its markers and the description: one sort of 100,000s of latencies, not two.
  const marks = series.map((s) => (!s.latencies.length ? undefined : s.marks ? [s.marks.p50, s.marks.p95] : percentiles(s.latencies, [50, 95])));
  series.forEach((s, i) => {
    const y = top + i * rowH;
    const counts = new Array<number>(BINS).fill(0);
    for (const v of s.latencies) counts[binOf(v)]++;
    const peak = Math.max(1, ...counts);
    body.push(el('text', { class: 'chart-label', x: LABEL_W - 4, y: y + HIST_H / 2 + 4, 'text-anchor': 'end' }, el('title', {}, s.label), shorten(s.label)));
    counts.forEach((count, bin) => {
      if (count === 0) return;
      const h = (count / peak) * HIST_H;
      body.push(
        el(
          'rect',
          { class: 'chart-bar bar-latency', x: LABEL_W + (bin * PLOT_W) / BINS + 0.5, y: y + HIST_H - h, width: PLOT_W / BINS - 1, height: h },
          el('title', {}, `${count} result${count === 1 ? '' : 's'}`),
        ),
      );
    });
    const mark = marks[i];
    if (mark) {
      const [p50, p95] = mark;
      body.push(el('line', { class: 'chart-marker marker-p50', x1: x(p50), x2: x(p50), y1: y, y2: y + HIST_H }));
      body.push(el('line', { class: 'chart-marker marker-p95', x1: x(p95), x2: x(p95), y1: y, y2: y + HIST_H }));
      body.push(el('text', { class: 'chart-value', x: WIDTH - PAD, y: y + HIST_H / 2 + 4, 'text-anchor': 'end' }, `p50 ${ms(p50)}`));
    }
  });
  const axisY = top + series.length * rowH + 10;
  body.push(el('text', { class: 'chart-tick', x: LABEL_W, y: axisY, 'text-anchor': 'start' }, ms(min)));
  body.push(el('text', { class: 'chart-tick', x: LABEL_W + PLOT_W, y: axisY, 'text-anchor': 'end' }, ms(max)));
  const description = series
    .map((s, i) => {
      const mark = marks[i];
      return mark ? `${s.label} p50 ${ms(mark[0])}, p95 ${ms(mark[1])}` : `${s.label} no data`;
    })
    .join('; ');
  return chartFrame('Latency', description, height, body);
}

/** A model or a version, as every view charts it. */
export interface ChartGroup {
  label: string;
  summary: GroupSummary;
  results: readonly CaseResult[];
  /** latencySample(results), when already known (a live view keeps them as results arrive). */
  latencies?: number[];
}

/** Pass rate, cost and latency, one bar or series per group. */
export function groupCharts(groups: readonly ChartGroup[]): MarkupNode[] {
  return [
    passRateChart(groups.map(({ label, summary }) => ({ label, rate: summary.passRate, interval: summary.passRateInterval }))),
    costChart(groups.map(({ label, summary }) => ({ label, costUsd: summaryCost(summary), incomplete: summary.costIncomplete }))),
    // The summary's latencies are these same results' (latencySample's rule), so its percentiles are theirs.
    latencyChart(groups.map(({ label, summary, results, latencies }) => ({ label, latencies: latencies ?? latencySample(results), marks: summary.latencyMs }))),
  ];
}
