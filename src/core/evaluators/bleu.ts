import { z } from 'zod';
import { render } from '../template.js';
import { defineKind } from './kind.js';
import { quote } from './string.js';

// Sentence-level BLEU-4 (Papineni et al. 2002): clipped n-gram precisions for n = 1..4, their
// geometric mean, times the brevity penalty against the reference closest in length. A single
// sentence often has no matching 4-gram, which makes plain BLEU 0, so n ≥ 2 precisions are
// smoothed by adding one to numerator and denominator (Lin & Och 2004, "smoothing 2" in NLTK).
// Implemented here because npm has no maintained BLEU package (bleu-score has been unchanged for
// years); the unsmoothed score is tested against NLTK's documented example.

export const DEFAULT_BLEU_THRESHOLD = 0.5;
const MAX_ORDER = 4;

/** Lower-cased words and single punctuation marks. */
export function bleuTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join('\u0000');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Matches of the candidate's n-grams, each clipped to its largest count in any one reference. */
function clippedMatches(candidate: readonly string[], references: readonly (readonly string[])[], n: number): { matches: number; total: number } {
  const own = ngramCounts(candidate, n);
  const maxRef = new Map<string, number>();
  for (const reference of references) {
    for (const [gram, count] of ngramCounts(reference, n)) maxRef.set(gram, Math.max(maxRef.get(gram) ?? 0, count));
  }
  let matches = 0;
  for (const [gram, count] of own) matches += Math.min(count, maxRef.get(gram) ?? 0);
  return { matches, total: Math.max(0, candidate.length - n + 1) };
}

/** The reference length closest to the candidate's (the shorter one on a tie). */
function closestLength(candidate: number, references: readonly (readonly string[])[]): number {
  return references
    .map((r) => r.length)
    .reduce((best, length) => (Math.abs(length - candidate) < Math.abs(best - candidate) || (Math.abs(length - candidate) === Math.abs(best - candidate) && length < best) ? length : best));
}

export function bleuScore(candidate: readonly string[], references: readonly (readonly string[])[], options: { smoothing: boolean } = { smoothing: true }): number {
  if (candidate.length === 0 || references.length === 0) return 0;
  let logSum = 0;
  for (let n = 1; n <= MAX_ORDER; n++) {
    const { matches, total } = clippedMatches(candidate, references, n);
    const smoothed = options.smoothing && n > 1;
    const numerator = matches + (smoothed ? 1 : 0);
    const denominator = total + (smoothed ? 1 : 0);
    if (numerator === 0 || denominator === 0) return 0;
    logSum += Math.log(numerator / denominator) / MAX_ORDER;
  }
  const reference = closestLength(candidate.length, references);
  const brevity = candidate.length > reference ? 1 : Math.exp(1 - reference / candidate.length);
  return brevity * Math.exp(logSum);
}

const schema = z.object({
  value: z.union([z.string(), z.array(z.string()).min(1)]).describe('The reference text, or several; {{vars}} are filled in.'),
  threshold: z.number().min(0).max(1).optional().describe(`Pass at or above this BLEU score (0..1, default ${DEFAULT_BLEU_THRESHOLD}).`),
});

export const bleuKind = defineKind({
  key: 'bleu',
  schema,
  gh: false,
  needsJson: false,
  callsModel: false,
  doc: `Sentence BLEU-4 (smoothed, case-insensitive) against one or more references: \`{value, threshold}\`, threshold default ${DEFAULT_BLEU_THRESHOLD}.`,
  example: { value: '{{expected}}', threshold: 0.4 },
  run(spec, ctx) {
    const references = (Array.isArray(spec.value) ? spec.value : [spec.value]).map((v) => render(v, ctx.vars));
    const score = bleuScore(bleuTokens(ctx.output), references.map(bleuTokens));
    const threshold = spec.threshold ?? DEFAULT_BLEU_THRESHOLD;
    const passed = score >= threshold;
    const against = references.length === 1 ? quote(references[0]) : `${references.length} references`;
    return { passed, score, reason: `BLEU ${score.toFixed(3)} ${passed ? '≥' : '<'} ${threshold} against ${against}` };
  },
});
