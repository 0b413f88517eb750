import { ALPHA, difference, type Difference } from '../core/compare/difference.js';
import type { VersionPair } from '../core/compare/pairs.js';
import { percent, points, pText } from './format.js';

// The paired comparison (src/core/compare/) in words: one verdict sentence for the views' summary
// banner, the CLI's compare output and the Markdown summaries.

export interface VersionSummary extends Difference {
  /** One sentence for the summary banner. */
  verdict: string;
}

export function summarizeVersions(pairs: readonly VersionPair[], labels: { before: string; after: string }, alpha = ALPHA): VersionSummary {
  const diff = difference(pairs, alpha);
  return { ...diff, verdict: verdictSentence(diff, labels) };
}

export function verdictSentence(diff: Difference, labels: { before: string; after: string }): string {
  const { paired: n, beforeRate, afterRate, delta, counts, test, largerThanNoise, alpha } = diff;
  if (n === 0) return `No case ran on both ${labels.before} and ${labels.after}, so there is nothing to compare yet.`;
  const rates = `${labels.after} passes ${percent(afterRate)} vs ${percent(beforeRate)} for ${labels.before} on the same ${n} case${n === 1 ? '' : 's'} (${points(delta)}); ${counts.fixed} fixed, ${counts.broke} broke.`;
  const noise = largerThanNoise
    ? `The difference is larger than noise (${test.method} test, ${pText(test.pValue)}, below ${alpha}).`
    : `The difference is within noise (${test.method} test, ${pText(test.pValue)}, not below ${alpha}).`;
  return `${rates} ${noise}`;
}
