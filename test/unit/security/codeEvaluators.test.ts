// Evaluators that execute code: none exist in this product. These tests make that a decision that
// cannot change silently: an evaluator kind nobody audited fails here, and a kind that sounds like
// code (javascript, python, script, command, …) must be rejected – or, if one is ever accepted,
// flagged with a diagnostic about workspace trust – wherever evaluators can be written: the prompt's
// `evaluators`, `workbench.evaluators`, and a dataset row's `_evaluators`. Adding one later forces
// the trust question: run it only in trusted workspaces, and have the CLI say so.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDatasetText, parsePromptFile } from '../../../src/core/index.js';
import { toCase } from '../../../src/core/dataset/row.js';
import { KNOWN_KEYS } from '../../../src/core/prompt/schema.js';
import { EVALUATOR_KEYS, evaluatorSchema, runEvaluator } from '../../../src/core/evaluators/registry.js';
import type { EvalContext } from '../../../src/core/evaluators/types.js';
import { repoRoot } from '../../support/rsHarness.js';

/**
 * Every evaluator kind, with why it does not execute workspace code. A new kind must be added here
 * by someone who has answered the question; if it executes code it must also be gated on workspace
 * trust (and the CLI must say it runs code) – see the security section.
 */
const AUDITED: Record<string, string> = {
  string: 'string comparison',
  llm: 'sends a prompt to a model; the reply is data',
  uses: 'built-in LLM judges with prompts shipped in the product',
  regex: 'a regular expression (RegExp), no code',
  json: 'JSON.parse',
  jsonSchema: 'Ajv validation (Ajv compiles schemas into validators itself; no user code runs)',
  jsonPath: 'jsonpath-plus query (script evaluation must stay disabled)',
  maxCostUsd: 'number comparison',
  maxLatencyMs: 'number comparison',
  maxInputTokens: 'number comparison',
  maxOutputTokens: 'number comparison',
  maxTotalTokens: 'number comparison',
};

const CODE_KINDS = [
  'javascript',
  'js',
  'typescript',
  'python',
  'py',
  'script',
  'command',
  'cmd',
  'shell',
  'sh',
  'bash',
  'exec',
  'code',
  'function',
  'eval',
  'node',
  'run',
  'program',
  'plugin',
  'module',
  'wasm',
  'file',
];
const CODE_VALUES: unknown[] = ['globalThis.__pwExecuted = true', { code: 'import os; os.system("id")' }, { file: './grade.js' }, { run: 'rm -rf /' }];

function promptWith(where: 'evaluators' | 'workbench', kind: string, value: unknown): string {
  const evaluator = `  - name: runs code\n    ${kind}: ${JSON.stringify(value)}\n`;
  const head = 'model: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: hi\ntestData:\n  - x: 1\n';
  return where === 'evaluators' ? `${head}evaluators:\n${evaluator}` : `${head}workbench:\n  evaluators:\n  ${evaluator.replace(/\n {4}/, '\n      ')}`;
}

/** Rejected, or accepted with a diagnostic that raises workspace trust. */
function rejectedOrFlagged(diagnostics: readonly { severity: string; message: string; code?: string }[], accepted: boolean): boolean {
  const trustFlag = diagnostics.some((d) => /trust/i.test(`${d.code} ${d.message}`));
  return accepted ? trustFlag : diagnostics.some((d) => d.severity === 'error');
}

describe('security: evaluators that execute code', () => {
  it('every evaluator kind the schema accepts has been audited', () => {
    const unaudited = EVALUATOR_KEYS.filter((k) => !(k in AUDITED));
    assert.deepEqual(
      unaudited,
      [],
      `new evaluator kind(s) ${unaudited.join(', ')}: decide whether they execute code; if so gate them on workspace trust and make the CLI say so, then add them to AUDITED`,
    );
    const keys = KNOWN_KEYS.evaluator.filter((k) => k !== 'name' && !(k in AUDITED));
    assert.deepEqual(keys, [], 'evaluator keys outside the audited kinds');
    // The schema itself: an object with only an unaudited key must not validate.
    const shape = Object.keys((evaluatorSchema as unknown as { _def?: { schema?: { shape?: object } }; shape?: object }).shape ?? {});
    for (const key of shape) assert.ok(key === 'name' || key in AUDITED, `schema key ${key} not audited`);
  });

  it('the editor JSON Schema (media/prompt.schema.json) offers no unaudited evaluator kind', (t) => {
    const file = path.join(repoRoot(), 'media/prompt.schema.json');
    if (!existsSync(file)) return t.skip('media/prompt.schema.json does not exist yet');
    const schema = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const offered = new Set<string>();
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, unknown> }).properties;
      if (props && 'jsonPath' in props && 'regex' in props) for (const k of Object.keys(props)) offered.add(k);
      for (const v of Object.values(node)) walk(v);
    };
    walk(schema);
    assert.ok(offered.size > 0, 'found the evaluator definitions');
    const unaudited = [...offered].filter((k) => k !== 'name' && !(k in AUDITED));
    assert.deepEqual(unaudited, []);
  });

  for (const where of ['evaluators', 'workbench'] as const) {
    it(`code-like kinds are rejected (or flagged for trust) in ${where === 'workbench' ? 'workbench.evaluators' : 'evaluators'}`, () => {
      for (const kind of CODE_KINDS) {
        for (const value of CODE_VALUES) {
          const text = promptWith(where, kind, value);
          const parsed = parsePromptFile(text, '/ws/code.prompt.yml');
          assert.ok(parsed.data, `the test prompt must be valid YAML:\n${text}`);
          const accepted = parsed.prompt !== undefined;
          assert.ok(
            rejectedOrFlagged(parsed.diagnostics, accepted),
            `"${kind}: ${JSON.stringify(value)}" was ${accepted ? 'accepted without a workspace-trust diagnostic' : 'not reported'}:\n${JSON.stringify(parsed.diagnostics, null, 1)}`,
          );
          if (!accepted) {
            const error = parsed.diagnostics.find((d) => d.severity === 'error')!;
            assert.ok(error.range.start.line >= 5, 'the error points at the evaluator, not the top of the file');
          }
        }
      }
    });
  }

  it("code-like kinds are rejected in a dataset row's _evaluators", () => {
    for (const kind of CODE_KINDS) {
      const text = `${JSON.stringify({ x: 1, _evaluators: [{ name: 'runs code', [kind]: CODE_VALUES[0] }] })}\n`;
      const [row] = parseDatasetText(text, '/ws/d.jsonl').rows;
      const converted = toCase(row);
      assert.ok(!converted.case || rejectedOrFlagged(converted.diagnostics, true), `${kind} in _evaluators accepted without a trust diagnostic`);
      if (!converted.case) assert.ok(converted.diagnostics.some((d) => d.severity === 'error' && d.range.start.line === 0));
    }
  });

  it('an evaluator object smuggled past the schema is not executed', async () => {
    const g = globalThis as { __pwExecuted?: boolean };
    g.__pwExecuted = false;
    const ctx: EvalContext = {
      output: 'out',
      json: { ok: false, error: 'not json' },
      vars: {},
      metrics: { costUsd: 0, latencyMs: 0, inputTokens: 0, outputTokens: 0 },
      judgeModel: 'openai/gpt-4o',
      judge: async () => assert.fail('no judge call for a code evaluator'),
    };
    for (const kind of CODE_KINDS) {
      const verdict = await runEvaluator({ name: 'smuggled', [kind]: 'globalThis.__pwExecuted = true' }, ctx);
      assert.equal(g.__pwExecuted, false, `${kind} executed code`);
      assert.equal(verdict.passed, false, `${kind} must not pass`);
    }
    delete g.__pwExecuted;
  });
});
