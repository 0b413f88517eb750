import { z } from 'zod';

// `workbench.tools` and its companions, in the Chat Completions shapes people already have:
// `tools` is the API's list (or a JSON/YAML file holding it), `toolChoice` its tool_choice,
// `toolResults` the mocked result per tool, `maxTurns` how many requests a case's tool loop may make.

export const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;
export const DEFAULT_MAX_TURNS = 5;
export const TOOL_CHOICE_WORDS = ['auto', 'none', 'required'] as const;

export const toolDefinitionSchema = z
  .object({
    type: z.literal('function').describe('Always "function".'),
    function: z.object({
      name: z.string().regex(TOOL_NAME, 'must be 1–64 letters, digits, "_" or "-"').describe('The function name the model calls.'),
      description: z.string().optional().describe('What the function does; the model reads it.'),
      parameters: z.record(z.string(), z.unknown()).optional().describe('A JSON Schema for the arguments.'),
      strict: z.boolean().optional().describe('Ask for arguments that follow the schema exactly (OpenAI structured outputs).'),
    }),
  })
  .meta({ id: 'ToolDefinition', description: 'A function the model may call, as in the Chat Completions API.' });

export const toolListSchema = z.array(toolDefinitionSchema);

export const toolsSettingSchema = z
  .union([z.string().min(1), z.array(toolDefinitionSchema).min(1)])
  .describe('Functions the model may call: a list in the Chat Completions `tools` format, or the path of a JSON/YAML file holding that list (relative to this file).');

export const toolChoiceSchema = z.string().min(1).describe('auto, none, required, or the name of one function the model must call.');

export const toolResultsSchema = z
  .record(z.string(), z.unknown())
  .describe("Mocked results by tool name: text or a YAML value (sent as JSON), templated with the row's {{vars}}. A row's _toolResults overrides them.");

export const maxTurnsSchema = z.number().int().min(1).max(50).describe(`Most model requests per case in a tool loop (default ${DEFAULT_MAX_TURNS}).`);
