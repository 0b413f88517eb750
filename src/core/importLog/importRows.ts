import { hashVars } from '../dataset/row.js';
import type { LogProblem } from './loggedCall.js';
import { readLogEvents, type LogStats } from './readLog.js';
import { compileTemplate, recoverVars } from './templateMatch.js';
import type { ChatMessage } from '../chat.js';

// A log turned into dataset rows for one prompt: every logged call whose messages match the
// prompt's messages becomes a row of the variables recovered from it (and `expected`, the logged
// answer, when asked); calls that match no template are reported with their line and why. Rows
// with the same variables are one row (the first kept); `sample` keeps a seeded random N of them
// in log order, so the same log and seed always give the same rows.

export interface ImportOptions {
  /** The logged answer becomes the row's `expected`. */
  withExpected?: boolean;
  /** Keep at most this many rows, chosen at random with `seed`. */
  sample?: number;
  seed?: number;
  /** Keys of rows already in the dataset (see rowKey): such rows are not imported again. */
  existing?: ReadonlySet<string>;
}

export interface ImportReport {
  rows: Record<string, string>[];
  /** Calls read from the log. */
  calls: number;
  /** Calls whose variables were recovered. */
  matched: number;
  /** Matched calls left out as the same row as one before them or one the dataset has. */
  duplicates: number;
  /** Matched rows left out by `sample`. */
  sampledOut: number;
  /** Calls that match no template and unreadable entries, each with its line. */
  skipped: LogProblem[];
  /** Entries that are not chat calls (other spans of a trace). */
  ignored: number;
}

/** What makes two rows the same: their variables other than `expected`. */
export function rowKey(vars: Readonly<Record<string, unknown>>): string {
  const inputs = Object.fromEntries(Object.entries(vars).filter(([name]) => name !== 'expected' && !name.startsWith('_')));
  return hashVars(inputs);
}

export async function importRows(log: string, messages: readonly ChatMessage[], options: ImportOptions = {}): Promise<{ ok: true; report: ImportReport } | { ok: false; error: string }> {
  const compiled = compileTemplate(messages);
  if (!compiled.ok) return { ok: false, error: `the prompt cannot be matched against logged text: ${compiled.error}` };
  const stats: LogStats = { ignored: 0 };
  const report: ImportReport = { rows: [], calls: 0, matched: 0, duplicates: 0, sampledOut: 0, skipped: [], ignored: 0 };
  const seen = new Set(options.existing ?? []);
  for await (const event of readLogEvents(log, stats)) {
    if ('problem' in event) {
      report.skipped.push(event.problem);
      continue;
    }
    report.calls++;
    const { call } = event;
    const recovered = recoverVars(compiled.template, call.messages);
    if (!recovered.ok) {
      report.skipped.push({ line: call.line, ...(call.where ? { where: call.where } : {}), reason: recovered.reason });
      continue;
    }
    report.matched++;
    const key = rowKey(recovered.vars);
    if (seen.has(key)) {
      report.duplicates++;
      continue;
    }
    seen.add(key);
    const row: Record<string, string> = { ...recovered.vars };
    if (options.withExpected && call.response !== undefined) row.expected = call.response;
    report.rows.push(row);
  }
  report.ignored = stats.ignored;
  if (options.sample !== undefined && report.rows.length > options.sample) {
    const keep = seededSample(report.rows.length, options.sample, options.seed ?? 1);
    report.sampledOut = report.rows.length - keep.size;
    report.rows = report.rows.filter((_, i) => keep.has(i));
  }
  return { ok: true, report };
}

/** `count` distinct indexes below `total`, the same for the same seed (a partial Fisher–Yates shuffle). */
export function seededSample(total: number, count: number, seed: number): Set<number> {
  const random = mulberry32(seed);
  const order = Array.from({ length: total }, (_, i) => i);
  for (let i = 0; i < Math.min(count, total); i++) {
    const j = i + Math.floor(random() * (total - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return new Set(order.slice(0, count));
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
