import { z } from 'zod';
import { defineKind, pass } from './kind.js';

// Bounds on the output's length: words (runs of non-space characters) or characters (Unicode code
// points, so an emoji is one), of the trimmed output gh models' checks see too.

const bounds = z
  .object({
    min: z.number().int().min(0).optional().describe('At least this many.'),
    max: z.number().int().min(0).optional().describe('At most this many.'),
  })
  .refine((b) => b.min !== undefined || b.max !== undefined, { message: 'needs min or max' })
  .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, { message: 'min must not be above max' });

type Bounds = z.output<typeof bounds>;

export function wordCount(text: string): number {
  return text.split(/\s+/u).filter(Boolean).length;
}

export function charCount(text: string): number {
  return [...text].length;
}

function lengthKind<K extends string>(key: K, unit: string, counted: string, count: (text: string) => number, example: Bounds) {
  return defineKind({
    key,
    schema: bounds,
    gh: false,
    needsJson: false,
    callsModel: false,
    doc: `The output has between \`min\` and \`max\` ${unit}s (${counted}); either bound may be left out.`,
    example,
    run(spec: Bounds, ctx) {
      const n = count(ctx.output);
      const tooFew = spec.min !== undefined && n < spec.min;
      const tooMany = spec.max !== undefined && n > spec.max;
      const what = `${n} ${unit}${n === 1 ? '' : 's'}`;
      if (tooFew) return pass(false, `${what}, fewer than ${spec.min}`);
      if (tooMany) return pass(false, `${what}, more than ${spec.max}`);
      const range = [spec.min !== undefined ? `≥ ${spec.min}` : '', spec.max !== undefined ? `≤ ${spec.max}` : ''].filter(Boolean).join(' and ');
      return pass(true, `${what} (${range})`);
    },
  });
}

export const wordCountKind = lengthKind('wordCount', 'word', 'separated by whitespace', wordCount, { min: 5, max: 60 });
export const charCountKind = lengthKind('charCount', 'character', 'Unicode code points', charCount, { max: 280 });
