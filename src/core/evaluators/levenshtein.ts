import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { render } from '../template.js';
import { defineKind } from './kind.js';
import { quote } from './string.js';

// Edit distance between the output and an expected text: at most `maxDistance` edits, and/or a
// similarity ratio 1 − distance / longer length of at least `minSimilarity`. Counted in UTF-16
// code units, exactly and case-sensitively (fastest-levenshtein, a maintained bit-parallel
// implementation).

const schema = z
  .object({
    value: z.string().describe('The expected text; {{vars}} are filled in.'),
    maxDistance: z.number().int().min(0).optional().describe('Pass when at most this many insertions, deletions or substitutions turn the output into the value.'),
    minSimilarity: z.number().min(0).max(1).optional().describe('Pass when 1 − distance / (length of the longer text) is at least this (0..1).'),
  })
  .refine((s) => s.maxDistance !== undefined || s.minSimilarity !== undefined, { message: 'needs maxDistance or minSimilarity' });

/** 1 for equal texts, 0 for texts with nothing in common. */
export function similarityRatio(a: string, b: string, edits = distance(a, b)): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - edits / longer;
}

export const levenshteinKind = defineKind({
  key: 'levenshtein',
  schema,
  gh: false,
  needsJson: false,
  callsModel: false,
  doc: 'Edit distance to an expected text: `{value, maxDistance}` and/or `{value, minSimilarity}` (1 − distance / longer length, 0..1); exact case.',
  example: { value: '{{expected}}', maxDistance: 2 },
  run(spec, ctx) {
    const want = render(spec.value, ctx.vars);
    const edits = distance(ctx.output, want);
    const similarity = similarityRatio(ctx.output, want, edits);
    const distanceOk = spec.maxDistance === undefined || edits <= spec.maxDistance;
    const similarityOk = spec.minSimilarity === undefined || similarity >= spec.minSimilarity;
    const parts = [`${edits} edit${edits === 1 ? '' : 's'} from ${quote(want)}${spec.maxDistance !== undefined ? ` (max ${spec.maxDistance})` : ''}`];
    if (spec.minSimilarity !== undefined) parts.push(`similarity ${similarity.toFixed(2)} (min ${spec.minSimilarity})`);
    return {
      passed: distanceOk && similarityOk,
      score: similarity,
      reason: parts.join('; '),
    };
  },
});
