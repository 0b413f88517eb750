// GitHub's example prompts are named sample_prompt.yml (gh models takes any path): a YAML file with
// top-level messages: and model: or testData: is a prompt file by its content (issue 18.9), read
// from its first characters with a regex – no parse, nothing loaded at activation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isPromptFile, looksLikePromptText, promptFilesByContent, recognisePromptText } from '../../../src/extension/workspace/location.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

const SAMPLE = `name: Text Summarizer
description: Summarizes input text concisely
model: openai/gpt-4o-mini
modelParameters:
  temperature: 0.5
messages:
  - role: system
    content: You are a text summarizer.
  - role: user
    content: "Summarize: {{input}}"
`;

test('a YAML file with top-level messages and model or testData reads as a prompt file', () => {
  assert.ok(looksLikePromptText(SAMPLE));
  assert.ok(looksLikePromptText('testData:\n  - a: 1\nmessages:\n  - role: user\n    content: hi\n'));
  assert.ok(!looksLikePromptText('model: x\nsteps:\n  messages: nested, not top level\n'), 'nested keys do not count');
  assert.ok(!looksLikePromptText('name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n'));
  assert.ok(!looksLikePromptText('messages:\n  - role: user\n    content: no model, no test data\n'));
  const examples = path.join(root, 'examples', 'capitals.prompt.yml');
  assert.ok(looksLikePromptText(readFileSync(examples, 'utf8')), 'every example prompt would be recognised by content too');
});

test('an open sample_prompt.yml becomes a prompt file, and stops being one when its keys go', () => {
  const file = path.resolve('/w/sample_prompt.yml');
  assert.ok(!isPromptFile(file));
  assert.equal(
    recognisePromptText(file, () => SAMPLE),
    true,
    'changed',
  );
  assert.ok(isPromptFile(file));
  // The palette's `when` clauses read this list (the context key promptWorkbench.promptFilesByContent).
  assert.deepEqual(promptFilesByContent(), [file]);
  assert.equal(
    recognisePromptText(file, () => SAMPLE),
    false,
    'unchanged',
  );
  assert.equal(
    recognisePromptText(file, () => 'name: nothing here\n'),
    true,
  );
  assert.ok(!isPromptFile(file));
  assert.deepEqual(promptFilesByContent(), []);
  for (const other of ['/w/prompt-workbench.yml', '/w/.prompt-workbench/runs/x.yml', '/w/data.json', '/w/a.prompt.yml']) {
    // Files that are (or are not) prompt files by their name alone: their text is never asked for.
    assert.equal(
      recognisePromptText(other, () => assert.fail(`the text of ${other} was read`)),
      false,
      other,
    );
  }
  assert.ok(!isPromptFile('/w/prompt-workbench.yml'));
});
