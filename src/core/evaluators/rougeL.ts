import { l as rougeLScore } from 'js-rouge';
import { z } from 'zod';
import { render } from '../template.js';
import { defineKind } from './kind.js';
import { quote } from './string.js';

// ROUGE-L (Lin 2004): the F-measure of the longest common subsequence of words, summary-level over
// sentences, from js-rouge (maintained by promptfoo). With several references the best one counts.

export const DEFAULT_ROUGE_THRESHOLD = 0.75;

const schema = z.object({
  value: z.union([z.string(), z.array(z.string()).min(1)]).describe('The reference text, or several (the best counts); {{vars}} are filled in.'),
  threshold: z.number().min(0).max(1).optional().describe(`Pass at or above this ROUGE-L F-measure (0..1, default ${DEFAULT_ROUGE_THRESHOLD}).`),
});

/** ROUGE-L F1, ignoring case; 0 when either side has no words. */
export function rougeL(candidate: string, reference: string): number {
  if (!/[\p{L}\p{N}]/u.test(candidate) || !/[\p{L}\p{N}]/u.test(reference)) return 0;
  const score = rougeLScore(candidate, reference, { caseSensitive: false });
  return Number.isFinite(score) ? score : 0;
}

export const rougeLKind = defineKind({
  key: 'rougeL',
  schema,
  gh: false,
  needsJson: false,
  callsModel: false,
  doc: `ROUGE-L F-measure (longest common word subsequence, case-insensitive) against one or more references: \`{value, threshold}\`, threshold default ${DEFAULT_ROUGE_THRESHOLD}.`,
  example: { value: '{{expected}}', threshold: 0.6 },
  run(spec, ctx) {
    const references = (Array.isArray(spec.value) ? spec.value : [spec.value]).map((v) => render(v, ctx.vars));
    const scores = references.map((r) => rougeL(ctx.output, r));
    const best = scores.indexOf(Math.max(...scores));
    const score = scores[best];
    const threshold = spec.threshold ?? DEFAULT_ROUGE_THRESHOLD;
    const passed = score >= threshold;
    return { passed, score, reason: `ROUGE-L ${score.toFixed(3)} ${passed ? '≥' : '<'} ${threshold} against ${quote(references[best])}` };
  },
});
