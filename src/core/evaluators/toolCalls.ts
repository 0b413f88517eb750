import { z } from 'zod';
import { describeCall, type ToolCallStep } from '../tools/trajectory.js';
import { defineKind, pass } from './kind.js';
import { callMismatch, checkArguments, expectedCallSchema, type ExpectedCall } from './toolCall.js';

// `toolCalls: {expected: [...], mode}` – the calls of the whole tool loop against an expected list
// (each entry like `toolCall`). `f1`: precision and recall of matched calls, each call matched at
// most once, passing at `minScore` (default 1); `exact`: the same calls in the same order, nothing
// more; `inOrder`: the expected calls appear in this order, other calls between them allowed.

const schema = z
  .object({
    expected: z.array(expectedCallSchema).describe('The calls the model should make.'),
    mode: z
      .enum(['f1', 'exact', 'inOrder'])
      .default('f1')
      .describe('f1 (default): matched calls as an F1 score; exact: these calls in this order and no others; inOrder: these calls in this order, others allowed between.'),
    minScore: z.number().min(0).max(1).optional().describe('f1 only: the score that passes (default 1).'),
  })
  .strict();

type Spec = z.output<typeof schema>;
type Vars = Readonly<Record<string, unknown>>;

/** How many expected calls are matched by distinct actual calls (greedy, in order of the expected list). */
function matchedCount(calls: readonly ToolCallStep[], expected: readonly ExpectedCall[], vars: Vars): number {
  const used = new Set<number>();
  let matched = 0;
  for (const want of expected) {
    const i = calls.findIndex((c, j) => !used.has(j) && callMismatch(c, want, vars) === undefined);
    if (i < 0) continue;
    used.add(i);
    matched++;
  }
  return matched;
}

function f1(spec: Spec, calls: readonly ToolCallStep[], vars: Vars) {
  const matched = matchedCount(calls, spec.expected, vars);
  const precision = calls.length ? matched / calls.length : spec.expected.length ? 0 : 1;
  const recall = spec.expected.length ? matched / spec.expected.length : 1;
  const score = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const minScore = spec.minScore ?? 1;
  const passed = score >= minScore - 1e-9;
  return { passed, score, reason: `F1 ${score.toFixed(2)} (${matched} of ${spec.expected.length} expected calls matched, ${calls.length} made)${passed ? '' : `, below ${minScore}`}` };
}

function exact(spec: Spec, calls: readonly ToolCallStep[], vars: Vars) {
  if (calls.length !== spec.expected.length) return pass(false, `${calls.length} calls made, ${spec.expected.length} expected`);
  for (let i = 0; i < calls.length; i++) {
    const problem = callMismatch(calls[i], spec.expected[i], vars);
    if (problem) return pass(false, `call ${i + 1}: ${problem}`);
  }
  return pass(true, `called exactly ${calls.map((c) => describeCall(c)).join(', ') || 'nothing'}`);
}

function inOrder(spec: Spec, calls: readonly ToolCallStep[], vars: Vars) {
  let at = 0;
  for (const [n, want] of spec.expected.entries()) {
    const found = calls.findIndex((c, j) => j >= at && callMismatch(c, want, vars) === undefined);
    if (found < 0) return pass(false, `expected call ${n + 1} (${want.name}) not found${n ? ' after the previous one' : ''}; calls: ${calls.map((c) => c.name).join(', ') || 'none'}`);
    at = found + 1;
  }
  return pass(true, `the ${spec.expected.length} expected calls were made in order`);
}

export const toolCallsKind = defineKind({
  key: 'toolCalls',
  schema,
  gh: false,
  needsJson: false,
  callsModel: false,
  doc: 'The calls of the whole tool loop against an `expected` list (entries like `toolCall`), by `mode`: `f1` (default; passes at `minScore`, default 1), `exact` (same calls, same order, no others) or `inOrder` (in this order, others allowed between).',
  example: { expected: [{ name: 'search_flights' }, { name: 'book_flight' }], mode: 'inOrder' },
  check: (spec) => spec.expected.map(checkArguments).find(Boolean),
  run(spec, ctx) {
    const calls = ctx.toolCalls ?? [];
    if (spec.mode === 'exact') return exact(spec, calls, ctx.vars);
    if (spec.mode === 'inOrder') return inOrder(spec, calls, ctx.vars);
    return f1(spec, calls, ctx.vars);
  },
});
