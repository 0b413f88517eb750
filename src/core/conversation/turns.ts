import { z } from 'zod';
import { roleSchema } from '../prompt/schema.js';
import type { ChatMessage } from '../chat.js';

// A row's `_messages`: earlier turns of a conversation, as `{role, content}` objects (a JSON cell in
// CSV). They become real messages (see caseMessages.ts); their text is data, never templated.

export const turnListSchema = z
  .array(z.object({ role: roleSchema, content: z.string() }).strict())
  .describe("Earlier turns of the conversation: placed after the prompt's leading system message(s), before its other messages.");

/** A row's `_images`: local paths (relative to the row's file) or https URLs. */
export const imageListSchema = z
  .array(
    z
      .string()
      .min(1)
      .refine((ref) => !/^[a-z][a-z0-9+.-]*:/i.test(ref) || /^https:\/\//i.test(ref) || /^[a-z]:[\\/]/i.test(ref), { message: 'must be a local path or an https: URL' }),
  )
  .describe("Images attached to the last user message: paths relative to the row's file (inside the workspace) or https: URLs.");

/** A row's `_toolResults`: mocked tool results for this row, over `workbench.toolResults`. */
export const rowToolResultsSchema = z.record(z.string(), z.unknown());

export type Turn = ChatMessage;
