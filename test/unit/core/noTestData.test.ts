// A prompt with {{vars}} and no cases says so (issue 18.10): a warning on the first variable, a
// CodeLens "Add a test case", and the row it adds reads back as one case with every variable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preparePromptText } from '../../../src/core/index.js';
import { promptLenses } from '../../../src/extension/editor/codeLensModel.js';
import { hasTestDataKey, testDataBlock } from '../../../src/extension/editor/testDataBlock.js';

const PROMPT = `model: openai/gpt-4o-mini
messages:
  - role: system
    content: You answer in {{language}}.
  - role: user
    content: "Capital of {{country}}?"`;

test('{{vars}} and no test data: one warning on the first variable, naming them all', async () => {
  const prepared = await preparePromptText(PROMPT, '/w/p.prompt.yml', { workspaceRoot: '/w' });
  const problems = prepared.diagnostics.filter((d) => d.code === 'prompt/no-test-data');
  assert.equal(problems.length, 1);
  assert.equal(problems[0].severity, 'warning');
  assert.equal(problems[0].message, 'no test data fills {{language}}, {{country}}: a run has no case to send and evaluates nothing – add a testData row (language: …, country: …) or a dataset');
  assert.deepEqual(problems[0].range, { start: { line: 3, column: 27 }, end: { line: 3, column: 39 } });

  const withRow = await preparePromptText(`${PROMPT}\ntestData:\n  - { language: French, country: France }\n`, '/w/p.prompt.yml', { workspaceRoot: '/w' });
  assert.equal(withRow.diagnostics.filter((d) => d.code === 'prompt/no-test-data').length, 0);
  const noVars = await preparePromptText('model: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: Hello\n', '/w/p.prompt.yml', { workspaceRoot: '/w' });
  assert.equal(noVars.diagnostics.length, 0, 'a prompt without variables needs no test data');
});

test('the lens offers a test case, and the row it adds is one case with every variable', async () => {
  const lenses = promptLenses({ file: '/w/p.prompt.yml', line: 0, caseCount: 0, models: ['openai/gpt-4o-mini'], repeat: 1, errors: 0, trusted: true, estimate: { kind: 'pending' }, noTestData: true });
  assert.deepEqual(
    lenses.slice(0, 2).map((l) => [l.title, l.command]),
    [
      ['$(add) Add a test case', 'promptWorkbench.addTestCase'],
      ['▶ Run eval (0 cases × 1 model)', 'promptWorkbench.runEval'],
    ],
  );
  const block = testDataBlock(PROMPT, ['language', 'country', 'the topic']);
  assert.equal(block, '\ntestData:\n  - language: ""\n    country: ""\n    "the topic": ""\n');
  assert.equal(testDataBlock(`${PROMPT}\r\n`, ['country'], '\r\n'), 'testData:\r\n  - country: ""\r\n');
  const added = await preparePromptText(PROMPT + block, '/w/p.prompt.yml', { workspaceRoot: '/w' });
  assert.equal(added.cases.length, 1);
  assert.deepEqual(added.cases[0].vars, { language: '', country: '', 'the topic': '' });
  assert.ok(hasTestDataKey(PROMPT + block));
  assert.ok(!hasTestDataKey(PROMPT));
});
