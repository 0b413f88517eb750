import { mcnemarExact, pairedPermutationTest } from '../stats.js';
import type { Change, VersionPair } from './pairs.js';

// Whether the change between two paired runs is larger than run-to-run noise: a paired test,
// since both sides ran the same cases.

export const ALPHA = 0.05;

export interface PairedTest {
  /** McNemar's exact test on single runs; a sign-flip permutation test on per-case pass rates with repeats. */
  method: 'McNemar exact' | 'paired permutation';
  pValue: number;
}

export interface Difference {
  counts: Record<Change, number>;
  /** Pairs decided on both sides: what the rates and the test are computed on. */
  paired: number;
  beforeRate: number | null;
  afterRate: number | null;
  delta: number | null;
  test: PairedTest;
  alpha: number;
  /** p < alpha. */
  largerThanNoise: boolean;
  /** Larger than noise and in which direction; "same" otherwise. */
  direction: 'better' | 'worse' | 'same';
}

export function emptyCounts(): Record<Change, number> {
  return { fixed: 0, broke: 0, 'same-pass': 0, 'same-fail': 0, same: 0, 'only-before': 0, 'only-after': 0, pending: 0 };
}

export function difference(pairs: readonly VersionPair[], alpha = ALPHA): Difference {
  const counts = emptyCounts();
  for (const pair of pairs) counts[pair.change]++;
  const decided = pairs.filter((p) => p.before?.passFraction != null && p.after?.passFraction != null);
  const rate = (side: 'before' | 'after') => (decided.length ? decided.reduce((s, p) => s + p[side]!.passFraction!, 0) / decided.length : null);
  const beforeRate = rate('before');
  const afterRate = rate('after');
  const delta = beforeRate === null || afterRate === null ? null : afterRate - beforeRate;
  const test = pairedTest(decided);
  const largerThanNoise = decided.length > 0 && test.pValue < alpha;
  const direction = !largerThanNoise || !delta ? 'same' : delta > 0 ? 'better' : 'worse';
  return { counts, paired: decided.length, beforeRate, afterRate, delta, test, alpha, largerThanNoise, direction };
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
