import { z } from 'zod';
import { EVALUATOR_KEYS, evaluatorBodySchema, evaluatorSchema } from '../evaluators/registry.js';
import { ROLES, promptFileSchema, roleSchema } from './schema.js';

// media/prompt.schema.json – the JSON Schema the YAML extension uses for completion and hovers on
// *.prompt.yml – generated from the zod schemas the parser validates with, so the two cannot
// drift. `npm run schema` writes it; a unit test fails when the committed file is stale.
// What zod cannot express (a case-insensitive role, "exactly one kind per evaluator") is added here.

export const EDITOR_SCHEMA_ID = 'https://github.com/prompt-workbench/prompt-workbench/media/prompt.schema.json';

/** "System" matches too: gh models lower-cases roles before checking them. */
function caseInsensitive(word: string): string {
  return [...word].map((c) => `[${c.toUpperCase()}${c}]`).join('');
}

export function promptJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(promptFileSchema, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'any',
    override(ctx) {
      const schema = ctx.jsonSchema as Record<string, unknown>;
      if (ctx.zodSchema === roleSchema) {
        const description = schema.description;
        for (const key of Object.keys(schema)) delete schema[key];
        Object.assign(schema, { description, anyOf: [{ enum: [...ROLES] }, { type: 'string', pattern: `^(${ROLES.map(caseInsensitive).join('|')})$` }] });
      }
      const zodSchema = ctx.zodSchema as unknown;
      if (zodSchema === evaluatorSchema || zodSchema === evaluatorBodySchema) schema.oneOf = EVALUATOR_KEYS.map((key) => ({ required: [key] }));
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: EDITOR_SCHEMA_ID,
    title: "GitHub Models prompt file (.prompt.yml) with Prompt Workbench's workbench block",
    description:
      "The GitHub Models .prompt.yml format, plus an optional workbench: block that gh models ignores. Generated from Prompt Workbench's own validation (src/core/prompt/schema.ts); Prompt Workbench checks files more strictly as you type (Problems panel). Unknown keys are allowed here (gh models ignores them); Prompt Workbench warns about them with a suggestion.",
    ...rest,
  };
}

/** The file's text: two-space JSON and a final newline, as committed. */
export function promptJsonSchemaText(): string {
  return `${JSON.stringify(promptJsonSchema(), null, 2)}\n`;
}
