import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULTS } from '../../../src/core/index.js';
import { blockingErrors, describeProblem } from '../../../src/extension/run/blocking.js';
import { lmErrorInfo, toLmTurns } from '../../../src/extension/models/lmMessages.js';
import { configRoot, isPromptFile, itemAtLine } from '../../../src/extension/workspace/location.js';
import { effectiveConfig } from '../../../src/extension/workspace/settings.js';

const settings = { defaultModels: [], providerBaseUrls: {}, cache: true, estimateOnType: true };

test('settings: explicit values override prompt-workbench.yml, base URLs merge per provider', () => {
  const config = { ...DEFAULTS, concurrency: 4, providers: { ollama: { baseURL: 'http://127.0.0.1:11434/v1', noApiKey: true } } };
  const merged = effectiveConfig(config, { ...settings, concurrency: 2, resultsFolder: 'out/runs', providerBaseUrls: { ollama: 'http://10.0.0.2:11434/v1', openai: ' http://127.0.0.1:9/v1 ', empty: '' }, cache: false });
  assert.equal(merged.concurrency, 2);
  assert.equal(merged.resultsDir, 'out/runs');
  assert.equal(merged.cache, false);
  assert.deepEqual(merged.providers, { ollama: { baseURL: 'http://10.0.0.2:11434/v1', noApiKey: true }, openai: { baseURL: 'http://127.0.0.1:9/v1' } });
  const plain = effectiveConfig(config, settings);
  assert.equal(plain.concurrency, 4);
  assert.equal(plain.resultsDir, '.prompt-workbench/runs');
});

test('vscode.lm turns: system text leads the next user turn; LM errors map to retry decisions', () => {
  assert.deepEqual(
    toLmTurns([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Bye' },
    ]),
    [
      { role: 'user', content: 'Be brief.\n\nHi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Bye' },
    ],
  );
  assert.deepEqual(toLmTurns([{ role: 'system', content: 'Only a system message' }]), [{ role: 'user', content: 'Only a system message' }]);
  assert.equal(lmErrorInfo('NoPermissions', 'denied', false).kind, 'auth');
  assert.equal(lmErrorInfo('Blocked', 'quota', false).retryable, true);
  assert.equal(lmErrorInfo('NotFound', 'gone', false).kind, 'config');
  assert.equal(lmErrorInfo(undefined, 'whatever', true).kind, 'cancelled');
});

test('itemAtLine finds the innermost row under the cursor; YAML ranges ending at column 0 stop the line before', () => {
  const rows = [
    { id: 'a', file: '/w/a.prompt.yml', range: { start: { line: 14, column: 4 }, end: { line: 17, column: 0 } } },
    { id: 'b', file: '/w/a.prompt.yml', range: { start: { line: 17, column: 4 }, end: { line: 19, column: 0 } } },
    { id: 'c', file: '/w/d.jsonl', range: { start: { line: 2, column: 0 }, end: { line: 2, column: 60 } } },
  ];
  assert.equal(itemAtLine(rows, '/w/a.prompt.yml', 16)?.id, 'a');
  assert.equal(itemAtLine(rows, '/w/a.prompt.yml', 17)?.id, 'b');
  assert.equal(itemAtLine(rows, '/w/d.jsonl', 2)?.id, 'c');
  assert.equal(itemAtLine(rows, '/w/d.jsonl', 3), undefined);
});

test('configRoot: the nearest prompt-workbench.yml within the workspace folder, else the folder', () => {
  const root = path.resolve('/w');
  const has = (dirs: string[]) => (dir: string) => dirs.map((d) => path.resolve(d)).includes(dir);
  assert.equal(configRoot('/w/prompts/x/a.prompt.yml', root, has(['/w/prompts'])), path.resolve('/w/prompts'));
  assert.equal(configRoot('/w/prompts/x/a.prompt.yml', root, has([])), root);
  assert.equal(configRoot('/w/prompts/a.prompt.yml', root, has(['/'])), root, 'never above the workspace folder');
  assert.equal(isPromptFile('/w/a.prompt.yaml'), true);
  assert.equal(isPromptFile('/w/a.yml'), false);
});

test('blocking errors: the prompt file’s own errors and missing variables stop a run; a bad dataset row does not', () => {
  const range = { start: { line: 3, column: 2 }, end: { line: 3, column: 9 } };
  const diagnostics = [
    { file: '/w/a.prompt.yml', severity: 'warning' as const, message: 'unknown key', range },
    { file: '/w/d.jsonl', severity: 'error' as const, message: 'line 2 is not JSON', range, code: 'dataset/bad-json' },
    { file: '/w/d.jsonl', severity: 'error' as const, message: 'this row has no "country"', range, code: 'dataset/missing-var' },
    { file: '/w/a.prompt.yml', severity: 'error' as const, message: 'unknown role "bot"', range },
  ];
  assert.deepEqual(blockingErrors('/w/a.prompt.yml', true, diagnostics).map((d) => d.message), ['this row has no "country"', 'unknown role "bot"']);
  assert.deepEqual(blockingErrors('/w/a.prompt.yml', false, []).map((d) => d.message), ['the prompt file cannot be read']);
  assert.equal(describeProblem(diagnostics[3], 'a.prompt.yml'), 'a.prompt.yml:4: unknown role "bot"');
});
