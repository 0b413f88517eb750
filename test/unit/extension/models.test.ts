import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lmInnerId, lmModelId, runModels } from '../../../src/extension/models/models.js';
import { normaliseModelId as normaliseModel } from '../../../src/core/modelId.js';

test('a prompt that lists workbench.models runs exactly those', () => {
  assert.deepEqual(runModels({ model: 'openai/gpt-4o-mini', models: ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini'] }, ['openai/o3']), ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini']);
});

test('a prompt that names only its model also runs the default models, without duplicates', () => {
  assert.deepEqual(runModels({ model: 'openai/gpt-4o-mini', models: ['openai/gpt-4o-mini'] }, ['gpt-4o-mini', 'vscode-lm/copilot-gpt-4o', ' ']), ['openai/gpt-4o-mini', 'vscode-lm/copilot-gpt-4o']);
  assert.deepEqual(runModels({ models: [] }, []), []);
});

test('model ids: bare names are OpenAI models; vscode-lm ids round-trip', () => {
  assert.equal(normaliseModel('gpt-4o'), 'openai/gpt-4o');
  assert.equal(normaliseModel('ollama/llama3.2'), 'ollama/llama3.2');
  assert.equal(lmModelId('copilot-gpt-4o'), 'vscode-lm/copilot-gpt-4o');
  assert.equal(lmInnerId('vscode-lm/copilot-gpt-4o'), 'copilot-gpt-4o');
  assert.equal(lmInnerId('openai/gpt-4o'), undefined);
});
