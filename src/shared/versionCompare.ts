import { mcnemarExact, pairedPermutationTest } from '../core/stats.js';
import type { RunRecord } from '../core/record/types.js';
import { caseModelKey, groupResults, type ResultGroup } from './resultGroup.js';
import { percent, points, pText } from './format.js';

// Two versions of a prompt on the same cases: what changed per case, and whether the change in
// pass rate is larger than run-to-run noise (a paired test, since both ran the same cases).

export type Change = 'fixed' | 'broke' | 'same-pass' | 'same-fail' | 'same' | 'only-before' | 'only-after' | 'pending';

export interface VersionPair {
  key: string;
  caseId: string;
  /** The model on both sides; "a → b" when two single-model runs of different models are compared. */
  model: string;
  before?: ResultGroup;
  after?: ResultGroup;
  change: Change;
}

/**
 * Pairs results by case and model. When the runs share no model but each ran exactly one, pairs by
 * case alone (comparing two models' runs is a comparison too).
 */
export function pairVersions(before: RunRecord, after: RunRecord): VersionPair[] {
  const shared = before.models.filter((m) => after.models.includes(m));
  const crossModel = shared.length === 0 && before.models.length === 1 && after.models.length === 1;
  const modelKey = (model: string) => (crossModel ? '' : model);
  const beforeGroups = groupResults(before.results, (r) => caseModelKey(r.caseId, modelKey(r.model)));
  const afterGroups = groupResults(after.results, (r) => caseModelKey(r.caseId, modelKey(r.model)));
  const models = crossModel ? [''] : [...new Set([...after.models, ...before.models])];
  const caseIds = [...new Set([...after.cases.map((c) => c.id), ...before.cases.map((c) => c.id)])];
  const pairs: VersionPair[] = [];
  for (const caseId of caseIds) {
    for (const model of models) {
      const key = caseModelKey(caseId, model);
      const b = beforeGroups.get(key);
      const a = afterGroups.get(key);
      if (!a && !b) continue;
      pairs.push({ key, caseId, model: crossModel ? `${before.models[0]} → ${after.models[0]}` : model, before: b, after: a, change: classify(b, a) });
    }
  }
  return pairs;
}

export function classify(before: ResultGroup | undefined, after: ResultGroup | undefined): Change {
  if (!before) return 'only-after';
  if (!after) return 'only-before';
  if (before.passFraction === null || after.passFraction === null) return 'pending';
  if (after.passFraction > before.passFraction) return 'fixed';
  if (after.passFraction < before.passFraction) return 'broke';
  if (after.passFraction === 1) return 'same-pass';
  if (after.passFraction === 0) return 'same-fail';
  return 'same';
}

export interface PairedTest {
  /** McNemar's exact test on single runs; a sign-flip permutation test on per-case pass rates with repeats. */
  method: 'McNemar exact' | 'paired permutation';
  pValue: number;
}

export interface VersionSummary {
  counts: Record<Change, number>;
  /** Pairs decided on both sides: what the rates and the test are computed on. */
  paired: number;
  beforeRate: number | null;
  afterRate: number | null;
  delta: number | null;
  test: PairedTest;
  /** p < 0.05. */
  largerThanNoise: boolean;
  /** One sentence for the summary banner. */
  verdict: string;
}

export const ALPHA = 0.05;

export function summarizeVersions(pairs: readonly VersionPair[], labels: { before: string; after: string }): VersionSummary {
  const counts: Record<Change, number> = { fixed: 0, broke: 0, 'same-pass': 0, 'same-fail': 0, same: 0, 'only-before': 0, 'only-after': 0, pending: 0 };
  for (const pair of pairs) counts[pair.change]++;
  const decided = pairs.filter((p) => p.before?.passFraction != null && p.after?.passFraction != null);
  const rate = (side: 'before' | 'after') => (decided.length ? decided.reduce((s, p) => s + p[side]!.passFraction!, 0) / decided.length : null);
  const beforeRate = rate('before');
  const afterRate = rate('after');
  const delta = beforeRate === null || afterRate === null ? null : afterRate - beforeRate;
  const test = pairedTest(decided);
  const largerThanNoise = decided.length > 0 && test.pValue < ALPHA;
  return {
    counts,
    paired: decided.length,
    beforeRate,
    afterRate,
    delta,
    test,
    largerThanNoise,
    verdict: verdictSentence(decided.length, beforeRate, afterRate, delta, counts, test, largerThanNoise, labels),
  };
}

function pairedTest(decided: readonly VersionPair[]): PairedTest {
  const repeated = decided.some((p) => p.before!.decided > 1 || p.after!.decided > 1);
  if (!repeated) {
    const broke = decided.filter((p) => p.before!.passFraction === 1 && p.after!.passFraction === 0).length;
    const fixed = decided.filter((p) => p.before!.passFraction === 0 && p.after!.passFraction === 1).length;
    return { method: 'McNemar exact', pValue: mcnemarExact(broke, fixed) };
  }
  return { method: 'paired permutation', pValue: pairedPermutationTest(decided.map((p) => p.after!.passFraction! - p.before!.passFraction!)) };
}

function verdictSentence(
  n: number,
  beforeRate: number | null,
  afterRate: number | null,
  delta: number | null,
  counts: Record<Change, number>,
  test: PairedTest,
  larger: boolean,
  labels: { before: string; after: string },
): string {
  if (n === 0) return `No case ran on both ${labels.before} and ${labels.after}, so there is nothing to compare yet.`;
  const rates = `${labels.after} passes ${percent(afterRate)} vs ${percent(beforeRate)} for ${labels.before} on the same ${n} case${n === 1 ? '' : 's'} (${points(delta)}); ${counts.fixed} fixed, ${counts.broke} broke.`;
  const noise = larger
    ? `The difference is larger than noise (${test.method} test, ${pText(test.pValue)}, below ${ALPHA}).`
    : `The difference is within noise (${test.method} test, ${pText(test.pValue)}, not below ${ALPHA}).`;
  return `${rates} ${noise}`;
}
