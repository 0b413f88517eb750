import { z } from 'zod';
import { evaluatorSchema, EVALUATOR_ENTRY_KEYS, EVALUATOR_KEYS, type Evaluator } from '../evaluators/registry.js';
import { modelParametersSchema, type ModelParameters } from './modelParameters.js';
import { maxTurnsSchema, toolChoiceSchema, toolResultsSchema, toolsSettingSchema } from '../tools/schema.js';

// The GitHub Models `.prompt.yml` format, read unchanged, plus a `workbench:` block that
// gh models ignores (it ignores unknown keys), so a file stays portable.

export const ROLES = ['system', 'user', 'assistant'] as const;
export const RESPONSE_FORMATS = ['text', 'json_object', 'json_schema'] as const;
export const JUDGE_PARSING = ['workbench', 'gh'] as const;

// gh models lower-cases roles before checking them, so "System" is valid there too.
export const roleSchema = z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(ROLES)).describe('system, user or assistant (gh models lower-cases it first).');

export const messageSchema = z.object({
  role: roleSchema,
  content: z.string().describe('The message text; {{name}} is replaced by the row\'s variable "name".'),
});

const modelId = z.string().min(1);

export const workbenchSchema = z
  .object({
    dataset: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe('Dataset file(s) relative to this file: JSONL, YAML, JSON, CSV or TSV rows of the same shape as testData.'),
    models: z.array(modelId).min(1).optional().describe("Run these models too (the file's model comes first)."),
    judgeModel: modelId.optional().describe('The model for LLM judges and built-ins that name none.'),
    repeat: z.number().int().min(1).max(1000).optional().describe('Run each case this many times; pass rates become distributions.'),
    evaluators: z.array(evaluatorSchema).optional().describe('Evaluators gh models does not run (regex, json, jsonSchema, jsonPath, budgets, guardrails, code…) and more of its own kinds.'),
    threshold: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("A case passes when the weighted mean of its evaluators' scores (weights: each evaluator's `weight`, default 1) is at least this; without it every evaluator must pass."),
    strict: z.boolean().optional().describe('Turn what gh models accepts but is likely a mistake (unfilled {{vars}}, numbers in text fields, unnamed evaluators…) into errors.'),
    judgeParsing: z
      .enum(JUDGE_PARSING)
      .optional()
      .describe(
        'How an LLM judge\'s reply picks a choice: "workbench" (an exact reply, else the last line, else gh\'s rule; ambiguous replies are flagged) or "gh" (the first choice the reply contains, exactly as gh models).',
      ),
    tools: toolsSettingSchema.optional(),
    toolChoice: toolChoiceSchema.optional(),
    toolResults: toolResultsSchema.optional(),
    maxTurns: maxTurnsSchema.optional(),
  })
  .describe('Prompt Workbench settings; gh models ignores this block, so the file stays portable.');

export const promptFileSchema = z.object({
  name: z.string().optional().describe('A short name, shown in results.'),
  description: z.string().optional().describe('What the prompt is for.'),
  model: modelId.optional().describe('The model, as publisher/name (e.g. openai/gpt-4o-mini); a bare name means an OpenAI model.'),
  modelParameters: modelParametersSchema.optional().describe('Sampling parameters sent with every request.'),
  responseFormat: z.enum(RESPONSE_FORMATS).optional().describe('text, json_object, or json_schema (then jsonSchema is required).'),
  // gh models only accepts a JSON string here; an object is accepted with a portability warning.
  jsonSchema: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .optional()
    .describe('The structured-output schema, as a JSON string: {"name": …, "schema": {…}, "strict": true}.'),
  messages: z.array(messageSchema).min(1).describe('The conversation sent to the model.'),
  testData: z.array(z.record(z.string(), z.unknown())).optional().describe('Rows of variables; each row is one case. `expected` is a variable too.'),
  evaluators: z.array(evaluatorSchema).optional().describe('Checks on every output; gh models runs string, llm and uses evaluators.'),
  workbench: workbenchSchema.optional(),
});

export type Message = z.infer<typeof messageSchema>;
export type Workbench = z.infer<typeof workbenchSchema>;
export type PromptFileData = z.infer<typeof promptFileSchema>;
export type { Evaluator, ModelParameters };

/** Keys each object may carry; anything else draws an "unknown key" warning with a suggestion. */
export const KNOWN_KEYS: Record<string, readonly string[]> = {
  root: Object.keys(promptFileSchema.shape),
  modelParameters: Object.keys(modelParametersSchema.shape),
  workbench: Object.keys(workbenchSchema.shape),
  message: ['role', 'content'],
  evaluator: [...EVALUATOR_ENTRY_KEYS, ...EVALUATOR_KEYS],
  string: ['equals', 'contains', 'startsWith', 'endsWith'],
  llm: ['modelId', 'prompt', 'systemPrompt', 'choices'],
};
