// Compare Models… accepts a typed model id (issue 18.11): typing filters the list, and an id that
// is not offered becomes an item of its own, kept while it stays selected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isModelId, mergeCandidates, withTyped } from '../../../src/extension/viewCommands/modelCandidates.js';

const candidates = mergeCandidates([
  { from: 'prompt file', models: ['openai/gpt-4o-mini'] },
  { from: 'prompt-workbench.yml', models: ['ollama/llama3.2', 'openai/gpt-4o-mini'] },
  { from: 'VS Code language model', models: ['vscode-lm/copilot-gpt-4o'] },
]);

test('candidates come from every source, each once, with where it was found', () => {
  assert.deepEqual(candidates, [
    { model: 'openai/gpt-4o-mini', from: 'prompt file, prompt-workbench.yml' },
    { model: 'ollama/llama3.2', from: 'prompt-workbench.yml' },
    { model: 'vscode-lm/copilot-gpt-4o', from: 'VS Code language model' },
  ]);
});

test('a typed provider/model id is offered first; plain filter text and known ids are not', () => {
  assert.deepEqual(withTyped(candidates, ' mistral/mistral-small-latest ', [])[0], { model: 'mistral/mistral-small-latest', from: 'typed' });
  assert.equal(withTyped(candidates, 'gpt', []).length, candidates.length, 'filter text is not a model id');
  assert.equal(withTyped(candidates, 'ollama/llama3.2', []).length, candidates.length, 'already offered');
  const kept = withTyped(candidates, 'gpt', ['mistral/mistral-small-latest', 'openai/gpt-4o-mini']);
  assert.deepEqual(
    kept.map((c) => c.model),
    ['mistral/mistral-small-latest', ...candidates.map((c) => c.model)],
    'an id typed earlier and still selected stays listed',
  );
  assert.ok(isModelId('github/openai/gpt-4.1') && isModelId('ollama/llama3.2:1b'));
  assert.ok(!isModelId('gpt-4o') && !isModelId('openai/') && !isModelId('a b/c'));
});
