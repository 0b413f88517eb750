import type { CaseResult, RepeatSummary, RepeatTally, RunRecord } from './types.js';

export type { RepeatSummary };

// Cases run k times: pass^k (every repeat passed – what a user who asks once can count on) and
// pass@k (some repeat passed – what retrying would get), per case and per model.

export interface CaseRepeats {
  caseId: string;
  model: string;
  passed: number;
  /** Passed, failed or errored repeats; cancelled ones decide nothing. */
  decided: number;
  /** Every decided repeat passed (pass^k). */
  passAll: boolean;
  /** Some repeat passed (pass@k). */
  passAny: boolean;
  /** Passed some repeats and not others. */
  flaky: boolean;
}

/** One entry per case × model that decided something, in the record's case and model order. */
export function caseRepeats(record: Pick<RunRecord, 'cases' | 'models' | 'results' | 'kept'>): CaseRepeats[] {
  // A large run's record in memory holds only some results, and a tally for every case.
  if (record.kept?.repeats) return record.kept.repeats.map(withFlags);
  const byKey = new Map<string, { passed: number; decided: number }>();
  for (const r of record.results) {
    if (r.status === 'cancelled') continue;
    const key = keyOf(r);
    const entry = byKey.get(key) ?? { passed: 0, decided: 0 };
    entry.decided++;
    if (r.status === 'passed') entry.passed++;
    byKey.set(key, entry);
  }
  const out: CaseRepeats[] = [];
  for (const c of record.cases) {
    for (const model of record.models) {
      const entry = byKey.get(`${c.id}\u0000${model}`);
      if (entry) out.push(withFlags({ caseId: c.id, model, ...entry }));
    }
  }
  return out;
}

function withFlags(t: RepeatTally): CaseRepeats {
  const passAll = t.passed === t.decided;
  const passAny = t.passed > 0;
  return { ...t, passAll, passAny, flaky: passAny && !passAll };
}

function keyOf(r: Pick<CaseResult, 'caseId' | 'model'>): string {
  return `${r.caseId}\u0000${r.model}`;
}

export function summarizeRepeats(entries: readonly CaseRepeats[]): RepeatSummary {
  return repeatSummaryOf(entries.map((e) => [e.passed, e.decided]));
}

/** From [passed, decided] tallies, one per case × model – how the summary accumulates them during a run. */
export function repeatSummaryOf(tallies: Iterable<readonly [number, number]>): RepeatSummary {
  let k = 0;
  let cases = 0;
  let passAll = 0;
  let passAny = 0;
  for (const [passed, decided] of tallies) {
    if (decided === 0) continue;
    k = Math.max(k, decided);
    cases++;
    if (passed === decided) passAll++;
    if (passed > 0) passAny++;
  }
  return { k, cases, passAll, passAny, flaky: passAny - passAll, passAllRate: cases ? passAll / cases : null, passAnyRate: cases ? passAny / cases : null };
}

/** Per model, in the record's model order. */
export function repeatsByModel(record: Pick<RunRecord, 'cases' | 'models' | 'results' | 'summary' | 'kept'>): Map<string, RepeatSummary> {
  // Summaries written since 2.1 carry them, tallied over every result (a large run's record in memory holds only some).
  const summed = record.models.map((model) => record.summary.byModel[model]?.repeats);
  if (summed.every((r) => r !== undefined)) return new Map(record.models.map((model, i) => [model, summed[i]]));
  const entries = caseRepeats(record);
  return new Map(record.models.map((model) => [model, summarizeRepeats(entries.filter((e) => e.model === model))]));
}

/** Cases that passed fewer than `minRate` of their repeats (the --min-case-pass-rate gate). */
export function casesBelow(entries: readonly CaseRepeats[], minRate: number): CaseRepeats[] {
  // Compared as counts with a little slack, so 3 of 5 meets 0.6 whatever the float rounding.
  return entries.filter((e) => e.decided > 0 && e.passed < minRate * e.decided - 1e-9);
}
