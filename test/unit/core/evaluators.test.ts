import test from 'node:test';
import assert from 'node:assert/strict';
import { runEvaluator, type Evaluator } from '../../../src/core/evaluators/registry.js';
import { parseOutputJson } from '../../../src/core/evaluators/outputJson.js';
import { pickChoice } from '../../../src/core/evaluators/llmJudge.js';
import type { EvalContext, JudgeRequest } from '../../../src/core/evaluators/types.js';

function ctx(output: string, extra: Partial<EvalContext> = {}): EvalContext {
  return {
    output,
    json: parseOutputJson(output),
    vars: { expected: 'Paris', country: 'France' },
    metrics: { costUsd: 0.002, latencyMs: 1200, inputTokens: 100, outputTokens: 20 },
    judgeModel: 'openai/judge',
    judge: async () => {
      throw new Error('no judge in this test');
    },
    ...extra,
  };
}

const run = (e: Evaluator, c: EvalContext) => runEvaluator(e, c);

test('string evaluators follow gh models: equals is exact, the others ignore case, params are templated', async () => {
  assert.equal((await run({ name: 'e', string: { equals: 'Paris' } }, ctx('paris'))).passed, false);
  assert.equal((await run({ name: 'e', string: { equals: '{{expected}}' } }, ctx('Paris'))).passed, true);
  assert.equal((await run({ name: 'c', string: { contains: '{{expected}}' } }, ctx('It is PARIS.'))).passed, true);
  assert.equal((await run({ name: 's', string: { startsWith: 'it' } }, ctx('It is'))).passed, true);
  const ends = await run({ name: 'x', string: { endsWith: 'rome' } }, ctx('It is Paris'));
  assert.equal(ends.passed, false);
  assert.equal(ends.reason, 'does not end with "rome"');
});

test('regex evaluator: templated pattern, flags, negate, and a bad pattern is an evaluator error', async () => {
  assert.equal((await run({ name: 'r', regex: '^{{expected}}$' }, ctx('Paris'))).passed, true);
  assert.equal((await run({ name: 'r', regex: { pattern: '^paris$', flags: 'i' } }, ctx('Paris'))).passed, true);
  assert.equal((await run({ name: 'r', regex: { pattern: 'sorry', negate: true } }, ctx('Sorry, no'))).passed, true);
  const bad = await run({ name: 'r', regex: '(' }, ctx('x'));
  assert.equal(bad.evaluatorError, true);
});

test('json, jsonSchema and jsonPath evaluators', async () => {
  const out = '{"city":"Paris","pop":2102650,"tags":["capital"]}';
  assert.equal((await run({ name: 'j', json: true }, ctx(out))).passed, true);
  assert.equal((await run({ name: 'j', json: true }, ctx('nope'))).passed, false);
  assert.equal((await run({ name: 'j', json: true }, ctx('```json\n{"a":1}\n```'))).passed, true, 'one surrounding fence is accepted');
  const schema = { type: 'object', properties: { city: { type: 'string' }, pop: { type: 'integer', maximum: 100 } }, required: ['city', 'country'] };
  const verdict = await run({ name: 's', jsonSchema: schema }, ctx(out));
  assert.equal(verdict.passed, false);
  assert.deepEqual(verdict.schemaErrors?.map((e) => e.path).sort(), ['$', '$.pop']);
  assert.equal((await run({ name: 's', jsonSchema: true }, ctx(out, { outputSchema: { type: 'object' } }))).passed, true);
  assert.equal((await run({ name: 's', jsonSchema: true }, ctx(out))).evaluatorError, true, 'jsonSchema: true needs a prompt schema');
  assert.equal((await run({ name: 'p', jsonPath: { path: '$.city', equals: '{{expected}}' } }, ctx(out))).passed, true);
  assert.equal((await run({ name: 'p', jsonPath: { path: '$.pop', equals: '2102650' } }, ctx(out))).passed, true, 'templated text matches a number');
  assert.equal((await run({ name: 'p', jsonPath: { path: '$.tags', equals: ['capital'] } }, ctx(out))).passed, true);
  assert.equal((await run({ name: 'p', jsonPath: { path: '$.missing', exists: false } }, ctx(out))).passed, true);
  assert.match((await run({ name: 'p', jsonPath: { path: '$.missing', equals: 1 } }, ctx(out))).reason, /not found/);
});

test('thresholds compare cost, latency and tokens; an unknown price is an evaluator error', async () => {
  assert.equal((await run({ name: 't', maxCostUsd: 0.001 }, ctx('x'))).passed, false);
  assert.equal((await run({ name: 't', maxLatencyMs: 2000 }, ctx('x'))).passed, true);
  assert.equal((await run({ name: 't', maxTotalTokens: 119 }, ctx('x'))).passed, false);
  const unknown = await run({ name: 't', maxCostUsd: 1 }, ctx('x', { metrics: { costUsd: null, latencyMs: 1, inputTokens: 1, outputTokens: 1 } }));
  assert.equal(unknown.evaluatorError, true);
});

test("pickChoice prefers an exact reply, then the last line, then gh models' first-contained rule", () => {
  const choices = [
    { choice: '1', score: 0 },
    { choice: '5', score: 1 },
  ];
  assert.deepEqual(pickChoice(' 5 ', choices), { choice: choices[1], rule: 'exact' });
  assert.deepEqual(pickChoice('1 fact was off, otherwise fine.\n**Score: 5**', choices), { choice: choices[1], rule: 'last line' });
  assert.deepEqual(pickChoice('I would say 1 or so', choices), { choice: choices[0], rule: 'contains' });
  assert.equal(pickChoice('no idea', choices), undefined);
});

test('llm judges get the output substituted once and their choice scored; a built-in gets a missing var as written', async () => {
  const seen: JudgeRequest[] = [];
  const judge = async (req: JudgeRequest) => {
    seen.push(req);
    return { model: req.model, output: 'Reasoning…\nScore: 4', costUsd: 0.0001, cacheHit: false, latencyMs: 5 };
  };
  const llm = await run({ name: 'l', llm: { prompt: 'Q {{country}} A {{completion}}', choices: [{ choice: '4', score: 0.75 }] } }, ctx('{{country}} is Paris', { judge }));
  assert.equal(llm.passed, true);
  assert.equal(llm.score, 0.75);
  assert.equal(seen[0].model, 'openai/judge');
  assert.equal(seen[0].messages.at(-1)?.content, 'Q France A {{country}} is Paris');
  // A built-in's variable the row lacks is sent as written, as gh models does.
  const builtin = await run({ name: 'b', uses: 'github/similarity' }, ctx('Paris', { judge, vars: { expected: 'Paris' } }));
  assert.equal(builtin.evaluatorError, undefined);
  assert.match(seen.at(-1)?.messages.at(-1)?.content ?? '', /QUESTION:\n\{\{input\}\}\n/);
  const ok = await run({ name: 'b', uses: 'github/fluency' }, ctx('Paris is the capital.', { judge }));
  assert.equal(ok.score, 0.75);
  const failing = await run({ name: 'l', llm: { prompt: 'x', choices: [{ choice: '4', score: 0.75 }] } }, ctx('x', { judge: async () => Promise.reject(new Error('429 rate limited')) }));
  assert.equal(failing.evaluatorError, true);
  assert.match(failing.reason, /judge openai\/judge failed: 429 rate limited/);
});

test('provider error messages are scrubbed of keys before they reach records or logs', async () => {
  const { redactSecrets } = await import('../../../src/core/providers/redact.js');
  assert.equal(redactSecrets('401 Incorrect API key provided: sk-proj-****abcd. See docs.'), '401 Incorrect API key provided: [redacted]. See docs.');
  assert.equal(redactSecrets('bad key my-local-secret-123 here', ['my-local-secret-123']), 'bad key [redacted] here');
  assert.equal(redactSecrets('Authorization: Bearer abc.def-ghi_jkl'), 'Authorization: [redacted]');
  assert.equal(redactSecrets('no secrets, just sk- and a task-list'), 'no secrets, just sk- and a task-list');
});
