import path from 'node:path';
import { z } from 'zod';
import { clampScore, defineKind, pass } from './kind.js';
import { CODE_NOT_ALLOWED, resolveCodeModule } from './codeModule.js';
import { runInWorker } from './codeWorker.js';
import type { EvalContext, Outcome } from './types.js';

// `javascript: grade.js` – a module of the workspace that exports `(output, context) => boolean |
// {pass, score?, reason?}` (async allowed), run in a worker thread with a time limit. It executes
// workspace code, so it runs only when ctx.code is set: a trusted workspace in the editor,
// --allow-code in the CLI. Without it the prompt is refused before anything runs (codeGate.ts);
// this check is the second line.

export const DEFAULT_CODE_TIMEOUT_MS = 5000;

const schema = z.union([
  z.string().min(1),
  z.object({
    file: z.string().min(1).describe('The module, relative to this prompt file (.js, .mjs or .cjs).'),
    timeoutMs: z.number().int().min(1).max(120_000).optional().describe(`Stop it after this long (default ${DEFAULT_CODE_TIMEOUT_MS}).`),
  }),
]);

/** What the module gets besides the output: the row and the case's numbers – never a key. */
function moduleContext(ctx: EvalContext): unknown {
  return {
    vars: ctx.vars,
    expected: ctx.vars.expected,
    json: ctx.json.ok ? ctx.json.value : undefined,
    metrics: ctx.metrics,
  };
}

/** A boolean, or `{pass, score?, reason?}`, read into an outcome; anything else is the module's mistake. */
export function readCodeResult(value: unknown, name: string): Outcome {
  if (typeof value === 'boolean') return pass(value, `${name} returned ${value}`);
  const result = value as { pass?: unknown; score?: unknown; reason?: unknown } | null;
  if (!result || typeof result !== 'object' || typeof result.pass !== 'boolean') {
    return { passed: false, score: 0, reason: `${name} returned ${JSON.stringify(value) ?? String(value)}; expected true, false or { pass, score?, reason? }`, evaluatorError: true };
  }
  if (result.score !== undefined && (typeof result.score !== 'number' || !Number.isFinite(result.score))) {
    return { passed: false, score: 0, reason: `${name} returned a score that is not a number (${JSON.stringify(result.score)})`, evaluatorError: true };
  }
  const reason = typeof result.reason === 'string' && result.reason.trim() ? result.reason.trim() : `${name} returned pass: ${result.pass}`;
  return { passed: result.pass, score: result.score === undefined ? (result.pass ? 1 : 0) : clampScore(result.score), reason };
}

export const javascriptKind = defineKind({
  key: 'javascript',
  schema,
  gh: false,
  // Parsed for the module's context.json; a module that wants text ignores it.
  needsJson: true,
  callsModel: false,
  runsCode: true,
  doc: `Runs a workspace module \`(output, context) => boolean | {pass, score, reason}\` in a worker with a time limit (\`{file, timeoutMs}\`, default ${DEFAULT_CODE_TIMEOUT_MS} ms). Only in a trusted workspace / with \`--allow-code\`.`,
  example: 'checks/grade.js',
  async run(spec, ctx) {
    const { file, timeoutMs = DEFAULT_CODE_TIMEOUT_MS } = typeof spec === 'string' ? { file: spec } : spec;
    if (!ctx.code) return { passed: false, score: 0, reason: `${file} was not run: ${CODE_NOT_ALLOWED}`, evaluatorError: true };
    const resolved = await resolveCodeModule(file, ctx.code);
    if (!resolved.ok) return { passed: false, score: 0, reason: resolved.reason, evaluatorError: true };
    const name = path.basename(resolved.file);
    const result = await runInWorker({ file: resolved.file, output: ctx.output, context: moduleContext(ctx), timeoutMs });
    if (!result.ok) return { passed: false, score: 0, reason: `${name}: ${result.error}`, evaluatorError: true };
    return readCodeResult(result.value, name);
  },
});
