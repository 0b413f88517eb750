import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promptJsonSchema, promptJsonSchemaText } from '../../../src/core/prompt/editorSchema.js';
import { EVALUATOR_KINDS } from '../../../src/core/evaluators/registry.js';
import { repoRoot } from '../../support/rsHarness.js';

test('media/prompt.schema.json is what `npm run schema` generates from the zod schemas', () => {
  const committed = readFileSync(path.join(repoRoot(), 'media/prompt.schema.json'), 'utf8');
  assert.ok(committed === promptJsonSchemaText(), 'media/prompt.schema.json is stale: run `npm run schema` and commit the result');
});

test('every evaluator kind of the registry is in the editor schema, with its docs line', () => {
  const schema = promptJsonSchema() as { properties: { evaluators: { items: { properties: Record<string, { description?: string }> } } } };
  const items = schema.properties.evaluators.items.properties;
  for (const kind of EVALUATOR_KINDS) assert.equal(items[kind.key]?.description, kind.doc, kind.key);
});

test("the README's evaluator table is what `npm run schema` generates: every kind, with its docs line and example", async () => {
  const { DOCS_START, evaluatorDocs, withEvaluatorDocs } = await import('../../../src/core/evaluators/docs.js');
  const { EVALUATOR_KEYS } = await import('../../../src/core/evaluators/registry.js');
  const readme = readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
  assert.ok(readme.includes(DOCS_START), 'README.md has the generated block');
  assert.ok(readme === withEvaluatorDocs(readme), "README.md's evaluator table is stale: run `npm run schema` and commit the result");
  const rows = evaluatorDocs()
    .split('\n')
    .filter((line) => /^\| `\w+` \|/.test(line))
    .map((line) => /^\| `(\w+)` \|/.exec(line)![1]);
  assert.deepEqual(rows, [...EVALUATOR_KEYS]);
  for (const line of evaluatorDocs()
    .split('\n')
    .filter((l) => l.startsWith('| `')))
    assert.equal(line.split(/(?<!\\)\|/).length, 6, `a row of four cells: ${line}`);
});
