// Evaluators that execute code: exactly one kind, `javascript`, and only when the user allowed it
// (a trusted workspace in the editor, --allow-code in the CLI). These tests make that a decision
// that cannot change silently: an evaluator kind nobody audited fails here, and a kind that sounds
// like code (javascript, python, script, command, …) must be rejected – or, when accepted, refused
// with a diagnostic about workspace trust – wherever evaluators can be written: the prompt's
// `evaluators`, `workbench.evaluators`, inside `not:`, and a dataset row's `_evaluators`. Without
// the permission nothing runs, even for an entry smuggled past the schema. With it, the module runs
// in a worker (not a sandbox) with a time limit, an empty environment and no keys in its context;
// a repository's own prompt-workbench.yml cannot grant it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openSession, parseDatasetText, parsePromptFile, preparePrompt, preparePromptStream, prepareOptions, runSettings } from '../../../src/core/index.js';
import { javascriptKind } from '../../../src/core/evaluators/javascript.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';
import { toCase } from '../../../src/core/dataset/row.js';
import { KNOWN_KEYS } from '../../../src/core/prompt/schema.js';
import { EVALUATOR_ENTRY_KEYS, EVALUATOR_KEYS, EVALUATOR_KINDS, evaluatorSchema, runEvaluator } from '../../../src/core/evaluators/registry.js';
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
  maxTtftMs: 'number comparison',
  toolCall: 'compares recorded tool calls: JSON.parse of the arguments, jsonpath-plus query as jsonPath, Ajv validation as jsonSchema',
  noToolCall: 'counts recorded tool calls',
  toolCalls: 'compares recorded tool calls with an expected list (the toolCall checks)',
  finishReason: 'string comparison',
  not: 'runs the evaluator it wraps, which is validated and gated like any other (a wrapped javascript is refused the same way)',
  containsAny: 'string search',
  containsAll: 'string search',
  levenshtein: 'edit distance (fastest-levenshtein), no code',
  rougeL: 'ROUGE-L score (js-rouge), no code',
  bleu: 'BLEU score computed here, no code',
  refusal: 'fixed regular expressions shipped in the product',
  wordCount: 'counting',
  charCount: 'counting',
  pii: 'fixed regular expressions and checksums shipped in the product',
  canary: 'string search for a token the runner generated',
  rubric: 'sends a prompt to the judge model; the reply is data',
  similar: "sends texts to the provider's embeddings endpoint; the vectors are data",
  javascript:
    'EXECUTES a workspace module (worker thread: a time limit and an empty process.env, but NOT a sandbox – it can read files and use the network). Gated: refused with a trust diagnostic unless allowCode (a trusted workspace / --allow-code, never prompt-workbench.yml), and not run without ctx.code',
};

/** Kinds that execute workspace code: each must be gated (see the tests below). */
const RUNS_CODE = ['javascript'];

/** Keys of an evaluator entry that are not kinds. */
const ENTRY_KEYS: readonly string[] = EVALUATOR_ENTRY_KEYS;

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
    const keys = KNOWN_KEYS.evaluator.filter((k) => !ENTRY_KEYS.includes(k) && !(k in AUDITED));
    assert.deepEqual(keys, [], 'evaluator keys outside the audited kinds');
    // The schema itself: an object with only an unaudited key must not validate.
    const shape = Object.keys((evaluatorSchema as unknown as { _def?: { schema?: { shape?: object } }; shape?: object }).shape ?? {});
    for (const key of shape) assert.ok(ENTRY_KEYS.includes(key) || key in AUDITED, `schema key ${key} not audited`);
  });

  it('the kinds that run code are exactly the audited code kinds, and their audit says so', () => {
    assert.deepEqual(
      EVALUATOR_KINDS.filter((k) => 'runsCode' in k && k.runsCode).map((k) => k.key),
      RUNS_CODE,
    );
    for (const key of RUNS_CODE) assert.match(AUDITED[key], /EXECUTES[\s\S]*Gated/, `${key}: the audit note must say it executes code and how it is gated`);
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
    const unaudited = [...offered].filter((k) => !ENTRY_KEYS.includes(k) && !(k in AUDITED));
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

  it('javascript is refused with a positioned trust error wherever it is written, and allowed with allowCode', async () => {
    const prompt = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: hi
testData:
  - x: 1
    _evaluators: [{ name: row code, javascript: grade.mjs }]
evaluators:
  - name: top
    javascript: grade.mjs
workbench:
  evaluators:
    - name: wrapped
      not: { javascript: { file: grade.mjs } }
`;
    const rowOnly = prompt.slice(0, prompt.indexOf('evaluators:\n  - name: top'));
    const ws = await tempWorkspace({ 'p.prompt.yml': prompt, 'row.prompt.yml': rowOnly, 'grade.mjs': 'export default () => true;\n' });
    try {
      const refused = await preparePrompt(ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
      const errors = refused.diagnostics.filter((d) => d.code === 'evaluator/code-not-allowed');
      assert.deepEqual(
        errors.map((d) => d.range.start.line),
        [9, 13],
        'the top-level evaluator and the one inside not:',
      );
      for (const d of errors) assert.match(d.message, /trusted workspace[\s\S]*--allow-code/);
      assert.equal(refused.parsed.prompt, undefined);
      const row = await preparePrompt(ws.file('row.prompt.yml'), { workspaceRoot: ws.root });
      const rowError = row.diagnostics.find((d) => d.code === 'evaluator/code-not-allowed');
      assert.equal(rowError?.range.start.line, 5, 'the row');
      assert.match(rowError.message, /testData\[0\]: _evaluators\[0\]\.javascript evaluator refused: .*trusted workspace/);
      assert.equal(row.cases.length, 0, 'the row is not run');
      const allowed = await preparePrompt(ws.file('p.prompt.yml'), { workspaceRoot: ws.root, allowCode: true });
      assert.deepEqual(
        allowed.diagnostics.filter((d) => d.severity === 'error'),
        [],
      );
      assert.equal(allowed.cases[0].evaluators.length, 1);
      // The CLI streams its cases: the row's code is refused and allowed alike.
      const streamedRow = await preparePromptStream(ws.file('row.prompt.yml'), { workspaceRoot: ws.root });
      assert.equal(streamedRow.diagnostics.find((d) => d.code === 'evaluator/code-not-allowed')?.range.start.line, 5);
      const streamed = await preparePromptStream(ws.file('p.prompt.yml'), { workspaceRoot: ws.root, allowCode: true });
      assert.deepEqual(
        streamed.diagnostics.filter((d) => d.severity === 'error'),
        [],
      );
      assert.equal(streamed.cases.count, 1);
    } finally {
      await ws.remove();
    }
  });

  it('prompt-workbench.yml cannot allow code: only the override layer (--allow-code, workspace trust) does', async () => {
    const ws = await tempWorkspace({ 'prompt-workbench.yml': 'allowCode: true\n', 'p.prompt.yml': promptWith('workbench', 'javascript', 'grade.mjs'), 'grade.mjs': 'export default () => true;\n' });
    try {
      const session = await openSession({ file: ws.file('p.prompt.yml'), boundary: ws.root });
      assert.equal(session.config.allowCode, undefined);
      assert.ok(session.diagnostics.some((d) => d.code === 'config/allow-code-in-file' && /cannot allow its own code/.test(d.message)));
      const prepared = await preparePrompt(ws.file('p.prompt.yml'), prepareOptions(session));
      assert.ok(prepared.diagnostics.some((d) => d.code === 'evaluator/code-not-allowed'));
      assert.equal(runSettings(session, { providers: undefined as never, toolVersion: 't' }).code, undefined);
      const flagged = await openSession({ file: ws.file('p.prompt.yml'), boundary: ws.root, overrides: [{ allowCode: true }] });
      assert.deepEqual(runSettings(flagged, { providers: undefined as never, toolVersion: 't' }).code, { boundary: ws.root, allowOutsideWorkspace: undefined });
      assert.deepEqual(
        (await preparePrompt(ws.file('p.prompt.yml'), prepareOptions(flagged))).diagnostics.filter((d) => d.severity === 'error'),
        [],
      );
    } finally {
      await ws.remove();
    }
  });

  it('allowed code runs with an empty environment, no keys in its context, and a time limit', async () => {
    const ws = await tempWorkspace({
      'env.mjs': 'export default (output, context) => ({ pass: true, reason: JSON.stringify({ env: process.env, keys: Object.keys(context) }) });\n',
      'loop.mjs': 'export default () => { for (;;) {} };\n',
      'exit.cjs': 'module.exports = () => process.exit(3);\n',
    });
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = 'sk-should-never-reach-the-module';
    try {
      const ctx = (extra: Partial<EvalContext> = {}): EvalContext => ({
        output: 'out',
        json: { ok: false, error: 'not json' },
        vars: { q: 1 },
        metrics: { costUsd: 0, latencyMs: 0, inputTokens: 0, outputTokens: 0 },
        judgeModel: 'openai/gpt-4o',
        judge: async () => assert.fail('no judge'),
        code: { promptFile: ws.file('p.prompt.yml'), boundary: ws.root },
        ...extra,
      });
      const seen = await javascriptKind.run('env.mjs', ctx());
      const { env, keys } = JSON.parse(seen.reason) as { env: object; keys: string[] };
      assert.deepEqual(env, {}, 'process.env inside the worker is empty');
      assert.deepEqual(keys.sort(), ['expected', 'json', 'metrics', 'vars']);
      const started = Date.now();
      const loop = await javascriptKind.run({ file: 'loop.mjs', timeoutMs: 300 }, ctx());
      assert.deepEqual([loop.passed, loop.evaluatorError, loop.reason], [false, true, 'loop.mjs: timed out after 300 ms']);
      assert.ok(Date.now() - started < 3000, 'the endless loop was stopped');
      const exited = await javascriptKind.run('exit.cjs', ctx());
      assert.match(exited.reason, /ended its thread \(exit code 3\)/);
      assert.equal(process.exitCode, undefined, 'process.exit in the module ends only its worker');
      const outside = await javascriptKind.run('../elsewhere.mjs', ctx());
      assert.match(outside.reason, /is refused: .* is outside the workspace/);
      const notAllowed = await javascriptKind.run('env.mjs', ctx({ code: undefined }));
      assert.deepEqual([notAllowed.passed, notAllowed.evaluatorError], [false, true]);
      assert.match(notAllowed.reason, /trusted workspace/);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
      await ws.remove();
    }
  });

  it('a module outside the workspace, missing or not JavaScript is a positioned error when code is allowed', async () => {
    const prompt = (file: string) => promptWith('workbench', 'javascript', file);
    const ws = await tempWorkspace({ 'a.prompt.yml': prompt('../outside.mjs'), 'b.prompt.yml': prompt('missing.mjs'), 'c.prompt.yml': prompt('grade.py'), 'grade.py': '' });
    try {
      const expected = { a: /is refused: .* outside the workspace/, b: /does not exist/, c: /must be a JavaScript module/ };
      for (const [name, message] of Object.entries(expected)) {
        const prepared = await preparePrompt(ws.file(`${name}.prompt.yml`), { workspaceRoot: ws.root, allowCode: true });
        const error = prepared.diagnostics.find((d) => d.code === 'evaluator/code-module');
        assert.ok(error, name);
        assert.match(error.message, message);
        assert.equal(error.range.start.line, 9, `${name}: at the javascript value`);
      }
    } finally {
      await ws.remove();
    }
  });
});
