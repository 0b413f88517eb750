import { z } from 'zod';
import { render } from '../template.js';
import { normaliseModelId } from '../modelId.js';
import { defineKind } from './kind.js';
import { quote } from './string.js';
import type { EmbedCall } from './types.js';

// Semantic similarity: the cosine of the embeddings of the output and the expected text(s), from
// the provider's /embeddings endpoint (one request per evaluation: the output and every value).
// With several values the closest one counts.

export const DEFAULT_EMBEDDING_MODEL = 'openai/text-embedding-3-small';
export const DEFAULT_SIMILARITY_THRESHOLD = 0.75;

const schema = z.object({
  value: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).describe('The expected text, or several (the closest counts); {{vars}} are filled in.'),
  threshold: z.number().min(-1).max(1).optional().describe(`Pass at or above this cosine similarity (default ${DEFAULT_SIMILARITY_THRESHOLD}).`),
  model: z.string().min(1).optional().describe(`The embedding model (default ${DEFAULT_EMBEDDING_MODEL}).`),
});

export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) throw new Error(`embeddings of different sizes (${a.length} and ${b.length})`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

export const similarKind = defineKind({
  key: 'similar',
  schema,
  gh: false,
  needsJson: false,
  callsModel: false,
  embeds: true,
  doc: `Cosine similarity of embeddings (the provider's /embeddings endpoint) between the output and \`value\`: \`{value, threshold, model}\`, threshold default ${DEFAULT_SIMILARITY_THRESHOLD}, model default ${DEFAULT_EMBEDDING_MODEL}.`,
  example: { value: '{{expected}}', threshold: 0.8 },
  async run(spec, ctx) {
    const values = (Array.isArray(spec.value) ? spec.value : [spec.value]).map((v) => render(v, ctx.vars));
    const model = spec.model ? normaliseModelId(spec.model) : DEFAULT_EMBEDDING_MODEL;
    // Embedding endpoints refuse empty input; an empty answer resembles nothing.
    if (ctx.output === '') return { passed: false, score: 0, reason: `the output is empty (expected something like ${quote(values[0])})` };
    if (!ctx.embed) return { passed: false, score: 0, reason: 'embeddings are not available here (similar evaluators need the runner)', evaluatorError: true };
    let call: EmbedCall;
    try {
      call = await ctx.embed({ model, input: [ctx.output, ...values] });
    } catch (error) {
      return { passed: false, score: 0, reason: `embeddings from ${model} failed: ${(error as Error).message}`, evaluatorError: true };
    }
    if (call.vectors.length !== values.length + 1) {
      return { passed: false, score: 0, reason: `${model} returned ${call.vectors.length} embeddings for ${values.length + 1} texts`, evaluatorError: true };
    }
    const [output, ...expected] = call.vectors;
    const scores = expected.map((v) => cosine(output, v));
    const best = scores.indexOf(Math.max(...scores));
    const threshold = spec.threshold ?? DEFAULT_SIMILARITY_THRESHOLD;
    const passed = scores[best] >= threshold;
    return { passed, score: Math.max(0, scores[best]), reason: `similarity ${scores[best].toFixed(3)} ${passed ? '≥' : '<'} ${threshold} to ${quote(values[best])} (${model})` };
  },
});
