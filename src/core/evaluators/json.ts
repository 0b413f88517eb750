import { z } from 'zod';
import { defineKind } from './kind.js';

export const jsonKind = defineKind({
  key: 'json',
  schema: z.literal(true),
  gh: false,
  needsJson: true,
  callsModel: false,
  doc: 'The output is valid JSON (one surrounding ``` fence is accepted).',
  example: true,
  run: (_spec, ctx) => (ctx.json.ok ? { passed: true, score: 1, reason: 'output is valid JSON' } : { passed: false, score: 0, reason: `output is not JSON: ${ctx.json.error}` }),
});
