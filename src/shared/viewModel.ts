import type { CaseResult } from '../core/record/types.js';
import type { MarkupNode } from './markup.js';
import type { Action, Details, FilterState, SummaryBlock, ViewKind } from './protocol.js';
import type { Cell, Column, TableRow, Tone } from './table.js';

// What every view (results, compare models, compare versions) gives the renderer: a table, the
// summary and charts above it, the totals row below it and the details of a selected row. Built
// from the run records alone, so every number on screen can be traced back to a record. The
// summary and details are plain data the webview draws as they are, so their types live in the
// protocol.

export type { Action, Details, DetailsBlock, DetailsImage, SummaryBlock, SummaryCard } from './protocol.js';

export interface ViewModel<Row extends TableRow = TableRow> {
  kind: ViewKind;
  title: string;
  subtitle: string;
  columns: Column<Row>[];
  /** All rows in the default (dataset) order. */
  rows: Row[];
  /** Evaluator names for the "failed on" filter. */
  evaluators: string[];
  /** Label of the view's "changed only" checkbox; absent when it has none. */
  changedLabel?: string;
  /** Rows are one line (results) or two (comparisons: output, then verdict · latency · cost). */
  rowLines: 1 | 2;
  filter(rows: readonly Row[], filter: FilterState): Row[];
  summary: SummaryBlock[];
  /** What a summary row stands for: "Model", "Version". */
  summaryGroup: string;
  charts: MarkupNode[];
  /** The totals row for the rows shown, by column id. */
  totals(rows: readonly Row[]): Record<string, Cell>;
  details(row: Row): Details;
  rowTone(row: Row): Tone | undefined;
  /** Buttons above the table (e.g. diff the two prompt texts). */
  actions: Action[];
}

/** The latencies the run summary's percentiles use: results that ran, without cache hits and batch answers. */
export function latencySample(results: readonly CaseResult[]): number[] {
  return results.filter(hasLatency).map((r) => r.latencyMs);
}

/** Whether a result's latency is in latencySample. */
export function hasLatency(r: CaseResult): boolean {
  // A cache hit keeps the latency its answer had when it was produced; a batch answer waited for its batch.
  return r.status !== 'cancelled' && !r.error && !r.batch;
}

export function statusCell(status: CaseResult['status']): Cell {
  switch (status) {
    case 'passed':
      return { text: '✓ passed', tone: 'pass' };
    case 'failed':
      return { text: '✗ failed', tone: 'fail' };
    case 'errored':
      return { text: '⚠ error', tone: 'error' };
    default:
      return { text: '– cancelled', tone: 'muted' };
  }
}

/** Pass/fail of a group of repeats: "✓ passed", or "2/3 passed" when repeated. */
export function groupStatusText(passed: number, decided: number, total: number, firstStatus: CaseResult['status']): Cell {
  if (total <= 1) return statusCell(firstStatus);
  if (decided === 0) return { text: '– cancelled', tone: 'muted' };
  const tone: Tone = passed === decided ? 'pass' : passed === 0 ? 'fail' : 'warn';
  const mark = passed === decided ? '✓' : passed === 0 ? '✗' : '◐';
  return { text: `${mark} ${passed}/${decided} passed`, tone };
}
