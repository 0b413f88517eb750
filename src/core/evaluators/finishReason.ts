import { z } from 'zod';
import { defineKind, pass } from './kind.js';

// `finishReason: stop` (or a list) – why the final answer ended, as the API reports it: `stop`,
// `length` (cut off at maxTokens), `tool_calls`, `content_filter`… A truncated answer can look fine
// to every other evaluator; this one makes it fail.

export const finishReasonKind = defineKind({
  key: 'finishReason',
  schema: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  gh: false,
  needsJson: false,
  callsModel: false,
  doc: 'The final answer ended for this reason (or one of a list): `stop`, `length` (truncated at maxTokens), `tool_calls`, `content_filter`.',
  example: 'stop',
  run(spec, ctx) {
    const allowed = typeof spec === 'string' ? [spec] : spec;
    const actual = ctx.finishReason;
    if (!actual) return pass(false, 'the provider reported no finish reason');
    const passed = allowed.includes(actual);
    const truncated = actual === 'length' ? ' (truncated: the answer hit maxTokens)' : '';
    return pass(passed, passed ? `finished with ${actual}` : `finished with ${actual}${truncated}, expected ${allowed.join(' or ')}`);
  },
});
