import { z } from 'zod';

// The GitHub Models `.prompt.yml` format, read unchanged, plus a `workbench:` block that
// gh models ignores (it ignores unknown keys), so a file stays portable.

export const ROLES = ['system', 'user', 'assistant'] as const;
export const RESPONSE_FORMATS = ['text', 'json_object', 'json_schema'] as const;

// gh models lower-cases roles before checking them, so "System" is valid there too.
const role = z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(ROLES));

export const messageSchema = z.object({
  role,
  content: z.string(),
});

export const modelParametersSchema = z.object({
  maxTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  frequencyPenalty: z.number().min(-2).max(2).optional(),
  presencePenalty: z.number().min(-2).max(2).optional(),
  seed: z.number().int().optional(),
  stop: z.union([z.string(), z.array(z.string())]).optional(),
});

const stringEvaluatorSchema = z
  .object({
    equals: z.string().optional(),
    contains: z.string().optional(),
    startsWith: z.string().optional(),
    endsWith: z.string().optional(),
  })
  .refine((s) => s.equals !== undefined || s.contains !== undefined || s.startsWith !== undefined || s.endsWith !== undefined, {
    message: 'needs one of equals, contains, startsWith or endsWith',
  });

const llmEvaluatorSchema = z.object({
  modelId: z.string().min(1).optional(),
  prompt: z.string().min(1),
  systemPrompt: z.string().optional(),
  choices: z.array(z.object({ choice: z.string().min(1), score: z.number() })).min(1),
});

const regexEvaluatorSchema = z.union([
  z.string().min(1),
  z.object({ pattern: z.string().min(1), flags: z.string().regex(/^[dgimsuvy]*$/, 'flags may only contain d, g, i, m, s, u, v, y').optional(), negate: z.boolean().optional() }),
]);

const jsonPathEvaluatorSchema = z
  .object({
    path: z.string().min(1),
    equals: z.unknown().optional(),
    exists: z.boolean().optional(),
  })
  .refine((j) => 'equals' in j || j.exists !== undefined, { message: 'needs equals or exists' });

/** Every kind key an evaluator entry may carry; exactly one per entry. */
export const GH_EVALUATOR_KINDS = ['string', 'llm', 'uses'] as const;
export const WORKBENCH_EVALUATOR_KINDS = [
  'regex',
  'json',
  'jsonSchema',
  'jsonPath',
  'maxCostUsd',
  'maxLatencyMs',
  'maxInputTokens',
  'maxOutputTokens',
  'maxTotalTokens',
] as const;
export const EVALUATOR_KINDS = [...GH_EVALUATOR_KINDS, ...WORKBENCH_EVALUATOR_KINDS] as const;
export type EvaluatorKind = (typeof EVALUATOR_KINDS)[number];

const nonNegative = z.number().min(0);

export const evaluatorSchema = z
  .object({
    name: z.string().min(1),
    string: stringEvaluatorSchema.optional(),
    llm: llmEvaluatorSchema.optional(),
    uses: z.string().min(1).optional(),
    regex: regexEvaluatorSchema.optional(),
    json: z.literal(true).optional(),
    jsonSchema: z.union([z.literal(true), z.record(z.string(), z.unknown())]).optional(),
    jsonPath: jsonPathEvaluatorSchema.optional(),
    maxCostUsd: nonNegative.optional(),
    maxLatencyMs: nonNegative.optional(),
    maxInputTokens: nonNegative.optional(),
    maxOutputTokens: nonNegative.optional(),
    maxTotalTokens: nonNegative.optional(),
  })
  .superRefine((e, ctx) => {
    const kinds = EVALUATOR_KINDS.filter((k) => e[k] !== undefined);
    if (kinds.length === 1) return;
    ctx.addIssue({
      code: 'custom',
      message:
        kinds.length === 0
          ? `needs one of ${EVALUATOR_KINDS.join(', ')}`
          : `has ${kinds.join(' and ')}; an evaluator does exactly one check, split it into ${kinds.length} evaluators`,
    });
  });

const modelId = z.string().min(1);

export const workbenchSchema = z.object({
  dataset: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  models: z.array(modelId).min(1).optional(),
  judgeModel: modelId.optional(),
  repeat: z.number().int().min(1).max(1000).optional(),
  evaluators: z.array(evaluatorSchema).optional(),
});

export const promptFileSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  model: modelId.optional(),
  modelParameters: modelParametersSchema.optional(),
  responseFormat: z.enum(RESPONSE_FORMATS).optional(),
  // gh models only accepts a JSON string here; an object is accepted with a portability warning.
  jsonSchema: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  messages: z.array(messageSchema).min(1),
  testData: z.array(z.record(z.string(), z.unknown())).optional(),
  evaluators: z.array(evaluatorSchema).optional(),
  workbench: workbenchSchema.optional(),
});

export type Message = z.infer<typeof messageSchema>;
export type ModelParameters = z.infer<typeof modelParametersSchema>;
export type Evaluator = z.infer<typeof evaluatorSchema>;
export type Workbench = z.infer<typeof workbenchSchema>;
export type PromptFileData = z.infer<typeof promptFileSchema>;

/** Keys each object may carry; anything else draws an "unknown key" warning with a suggestion. */
export const KNOWN_KEYS: Record<string, readonly string[]> = {
  root: Object.keys(promptFileSchema.shape),
  modelParameters: Object.keys(modelParametersSchema.shape),
  workbench: Object.keys(workbenchSchema.shape),
  message: ['role', 'content'],
  evaluator: ['name', ...EVALUATOR_KINDS],
  string: ['equals', 'contains', 'startsWith', 'endsWith'],
  llm: Object.keys(llmEvaluatorSchema.shape),
};

/** The single kind key an evaluator entry carries (validated: exactly one). */
export function evaluatorKind(e: Evaluator): EvaluatorKind {
  return EVALUATOR_KINDS.find((k) => e[k] !== undefined) ?? 'llm';
}
