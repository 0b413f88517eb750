import type { CaseResult, RunRecord } from './types.js';

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

export interface RepeatSummary {
  /** The most repeats any case had. */
  k: number;
  /** Cases with at least one decided repeat. */
  cases: number;
  passAll: number;
  passAny: number;
  flaky: number;
  passAllRate: number | null;
  passAnyRate: number | null;
}

/** One entry per case × model that decided something, in the record's case and model order. */
export function caseRepeats(record: Pick<RunRecord, 'cases' | 'models' | 'results'>): CaseRepeats[] {
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
      if (!entry) continue;
      const passAll = entry.passed === entry.decided;
      const passAny = entry.passed > 0;
      out.push({ caseId: c.id, model, ...entry, passAll, passAny, flaky: passAny && !passAll });
    }
  }
  return out;
}

function keyOf(r: Pick<CaseResult, 'caseId' | 'model'>): string {
  return `${r.caseId}\u0000${r.model}`;
}

export function summarizeRepeats(entries: readonly CaseRepeats[]): RepeatSummary {
  const count = (pick: (e: CaseRepeats) => boolean) => entries.filter(pick).length;
  const cases = entries.length;
  const passAll = count((e) => e.passAll);
  const passAny = count((e) => e.passAny);
  return {
    k: entries.reduce((max, e) => Math.max(max, e.decided), 0),
    cases,
    passAll,
    passAny,
    flaky: count((e) => e.flaky),
    passAllRate: cases ? passAll / cases : null,
    passAnyRate: cases ? passAny / cases : null,
  };
}

/** Per model, in the record's model order. */
export function repeatsByModel(record: Pick<RunRecord, 'cases' | 'models' | 'results'>): Map<string, RepeatSummary> {
  const entries = caseRepeats(record);
  return new Map(record.models.map((model) => [model, summarizeRepeats(entries.filter((e) => e.model === model))]));
}

/** Cases that passed fewer than `minRate` of their repeats (the --min-case-pass-rate gate). */
export function casesBelow(entries: readonly CaseRepeats[], minRate: number): CaseRepeats[] {
  // Compared as counts with a little slack, so 3 of 5 meets 0.6 whatever the float rounding.
  return entries.filter((e) => e.decided > 0 && e.passed < minRate * e.decided - 1e-9);
}
