import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseOutcome } from '../../../src/extension/run/caseOutcome.js';
import { clip, escapeMarkdown, fenced } from '../../../src/extension/editor/markdown.js';
import { requestLine } from '../../../src/extension/requestLog.js';
import { redactSecrets as redact } from '../../../src/core/providers/redact.js';
import { resultHoverMarkdown } from '../../../src/extension/editor/resultHover.js';
import { idleStatus, runningStatus } from '../../../src/extension/run/statusText.js';
import { tokenHoverMarkdown } from '../../../src/extension/editor/tokenHover.js';
import { result, verdict } from './results.js';

const XSS = '<img src=x onerror="document.title=\'pwned\'">Nairobi';

test('markdown: model text is escaped or fenced, never markup', () => {
  assert.equal(escapeMarkdown('<img src=x>'), '\\<img src=x\\>');
  assert.equal(escapeMarkdown('**bold** [link](x)'), '\\*\\*bold\\*\\* \\[link\\]\\(x\\)');
  assert.equal(fenced('a ``` b'), '````\na ``` b\n````');
  assert.equal(fenced('plain', 'text'), '```text\nplain\n```');
  assert.equal(clip('abcdef', 3), 'abc\n… (3 more characters)');
});

test('the result hover shows each output fenced, the failing evaluator and schema paths', () => {
  const outcome = caseOutcome('kenya', [
    result('kenya', 'failed', { output: XSS, evaluations: [verdict('names the capital', true, 'contains "Nairobi"'), verdict('one word', false, 'does not match ^\\S+$')] }),
    result('kenya', 'failed', {
      model: 'openai/gpt-4.1-mini',
      output: '{}',
      evaluations: [verdict('matches the schema', false, '$ missing required property "name"', { schemaErrors: [{ path: '$', message: 'missing required property "name"' }] })],
    }),
  ]);
  const md = resultHoverMarkdown({ label: 'kenya', outcome, stale: true, runStartedAt: '2025-11-22T20:15:02.123Z' });
  assert.ok(md.startsWith('**kenya** — ✗ 0/2 passed'), md);
  assert.ok(md.includes(`\`\`\`text\n${XSS}\n\`\`\``), 'the output is inside a fence, verbatim');
  assert.ok(!md.replace(/```text\n[\s\S]*?\n```/g, '').includes('<img'), 'no raw HTML outside fences');
  assert.ok(md.includes('- ✗ one word: does not match ^\\\\S\\+$'), 'reasons are escaped, not dropped');
  assert.match(md, / {2}- `\$` missing required property "name"/);
  assert.match(md, /_The prompt changed since this run/);
  assert.match(md, /_Run started 2025\\-11\\-22 20:15:02Z_/);
});

test('token hover: a table per message and the context-window share', () => {
  const md = tokenHoverMarkdown({
    model: 'openai/gpt-4o-mini',
    tokenizer: 'o200k_base',
    exact: true,
    messages: [
      { role: 'system', tokens: 27 },
      { role: 'user', tokens: 14 },
    ],
    total: 44,
    contextWindow: 128_000,
    filledWith: 'case "france"',
  });
  assert.match(md, /^\*\*Tokens per message\*\* · gpt\\-4o\\-mini \(o200k\\_base\)/);
  assert.match(md, /\| 0 \| system \| 27 \|\n\| 1 \| user \| 14 \|/);
  assert.match(md, /Per request: 44 input tokens, filled with case "france"\./);
  assert.match(md, /That is 0\.034% of the 128,000-token context window\./);
  const approx = tokenHoverMarkdown({ model: 'ollama/x', tokenizer: 'o200k_base', exact: false, messages: [{ role: 'user', tokens: 5 }], total: 8, filledWith: 'the template (no test data)' });
  assert.match(approx, /approximate\)/);
  assert.match(approx, /\| 0 \| user \| ≈5 \|/);
  assert.doesNotMatch(approx, /context window/);
});

test('status bar: progress and spend while running, the models when idle', () => {
  const one = runningStatus([{ label: 'capitals.prompt.yml', completed: 3, total: 12, passed: 2, failed: 1, errored: 0, costUsd: 0.0012 }]);
  assert.equal(one.text, '$(sync~spin) Eval capitals.prompt.yml 3/12 · $0.0012');
  assert.match(one.tooltip, /2 passed, 1 failed, 0 errored/);
  assert.match(one.tooltip, /Click to cancel/);
  const two = runningStatus([
    { label: 'a', completed: 1, total: 2, passed: 1, failed: 0, errored: 0, costUsd: 0 },
    { label: 'b', completed: 0, total: 3, passed: 0, failed: 0, errored: 0, costUsd: 0 },
  ]);
  assert.equal(two.text, '$(sync~spin) Eval 2 runs 1/5 · $0');
  assert.equal(idleStatus([])?.text, undefined);
  assert.equal(idleStatus(['openai/gpt-4o-mini', 'openai/gpt-4.1-mini'])?.text, '$(beaker) gpt-4o-mini +1');
});

test('request log lines carry model, case, tokens, latency and outcome – and never a key', () => {
  assert.equal(
    requestLine({ model: 'openai/gpt-4o-mini', caseId: 'france', repeat: 0, purpose: 'case', outcome: 'ok', inputTokens: 24, outputTokens: 1, latencyMs: 12, attempts: 1 }),
    'openai/gpt-4o-mini case france#1 ok tokens 24 → 1 12 ms',
  );
  assert.equal(
    requestLine({ model: 'openai/gpt-4o-mini', caseId: 'japan', repeat: 1, purpose: 'case', outcome: 'error', latencyMs: 30, attempts: 3, error: '429 rate limited' }),
    'openai/gpt-4o-mini case japan#2 error 30 ms after 3 attempts — 429 rate limited',
  );
  assert.equal(redact('401 Incorrect API key provided: sk-proj-abc***wxyz. Key my-secret-key!', ['my-secret-key']), '401 Incorrect API key provided: [redacted]. Key [redacted]!');
  assert.equal(redact('nothing here', ['ab']), 'nothing here', 'too-short secrets are not scrubbed everywhere');
});
