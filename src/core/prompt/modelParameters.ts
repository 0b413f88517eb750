import { z } from 'zod';

// `modelParameters` of a prompt file: gh models' three, plus the OpenAI sampling options people use.

export const modelParametersSchema = z.object({
  maxTokens: z.number().int().positive().optional().describe('Most output tokens per answer.'),
  temperature: z.number().min(0).max(2).optional().describe('0 to 2.'),
  topP: z.number().min(0).max(1).optional().describe('0 to 1.'),
  frequencyPenalty: z.number().min(-2).max(2).optional().describe('-2 to 2 (Prompt Workbench; gh models does not send it).'),
  presencePenalty: z.number().min(-2).max(2).optional().describe('-2 to 2 (Prompt Workbench; gh models does not send it).'),
  seed: z.number().int().optional().describe('Ask for reproducible sampling (Prompt Workbench; gh models does not send it).'),
  stop: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('Stop sequences (Prompt Workbench; gh models does not send it).'),
});

export type ModelParameters = z.infer<typeof modelParametersSchema>;
