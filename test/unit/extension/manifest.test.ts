import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { KNOWN_KEYS } from '../../../src/core/prompt/schema.js';
import { EVALUATOR_KEYS } from '../../../src/core/evaluators/registry.js';
import { COMMANDS, VIEW_COMMANDS } from '../../../src/extension/commands/commandIds.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

test('package.json contributes exactly the commands the extension registers, all in one category', () => {
  assert.deepEqual(contributes.commands.map((c: { command: string }) => c.command).sort(), [...COMMANDS].sort());
  assert.ok(contributes.commands.every((c: { category: string }) => c.category === 'Prompt Workbench'));
  for (const id of VIEW_COMMANDS) assert.ok(COMMANDS.includes(id));
  const menuCommands = Object.values(contributes.menus as Record<string, { command: string }[]>)
    .flat()
    .map((m) => m.command);
  for (const id of menuCommands) assert.ok(COMMANDS.includes(id as never), `menu entry for unknown command ${id}`);
});

test('activation is lazy: prompt files, the results views and (implicitly) the commands – never "*"', () => {
  assert.ok(!manifest.activationEvents.includes('*'));
  assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
  for (const event of ['workspaceContains:**/*.prompt.yml', 'onWebviewPanel:promptWorkbench.results', 'onCustomEditor:promptWorkbench.runRecord']) {
    assert.ok(manifest.activationEvents.includes(event), `missing ${event}`);
  }
  assert.equal(manifest.main, './dist/extension.cjs');
});

test('Restricted Mode support is declared limited, with the settings that point runs elsewhere restricted', () => {
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  assert.deepEqual(untrusted.restrictedConfigurations.sort(), ['promptWorkbench.providerBaseUrls', 'promptWorkbench.resultsFolder']);
});

test('no setting can hold a key', () => {
  for (const name of Object.keys(contributes.configuration.properties)) assert.doesNotMatch(name, /key|token|secret|password/i);
});

test('.vscodeignore ships the bundles and media, not sources', () => {
  const ignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8');
  for (const shipped of ['!dist/extension.cjs', '!dist/encodings/*.cjs', '!media/**', '!package.json']) assert.ok(ignore.includes(shipped), shipped);
  assert.match(ignore, /^\*\*$/m, 'everything else is excluded');
});

const schemaFile = path.join(root, contributes.yamlValidation[0].url);
const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));

test('the yamlValidation schema accepts every example prompt file', () => {
  const validate = new Ajv({ strict: false }).compile(schema);
  const examples = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.prompt.yml'));
  assert.ok(examples.length >= 3);
  for (const file of examples) {
    const ok = validate(parse(readFileSync(path.join(root, 'examples', file), 'utf8')));
    assert.ok(ok, `${file}: ${JSON.stringify(validate.errors)}`);
  }
  assert.equal(validate({ messages: [{ role: 'System', content: 'x' }] }), true, 'gh models lower-cases roles');
  assert.equal(validate({ messages: [{ role: 'bot', content: 'x' }] }), false);
  assert.equal(validate({ model: 'x' }), false, 'messages are required');
});

test('the yamlValidation schema knows every key the core knows (so completion offers them all)', () => {
  const props = (o: { properties: Record<string, unknown> }) => Object.keys(o.properties).sort();
  assert.deepEqual(props(schema), [...KNOWN_KEYS.root].sort());
  assert.deepEqual(props(schema.properties.modelParameters), [...KNOWN_KEYS.modelParameters].sort());
  assert.deepEqual(props(schema.properties.workbench), [...KNOWN_KEYS.workbench].sort());
  assert.deepEqual(props(schema.properties.evaluators.items), [...KNOWN_KEYS.evaluator].sort());
  assert.ok(EVALUATOR_KEYS.every((k) => KNOWN_KEYS.evaluator.includes(k)));
  assert.deepEqual(props(schema.properties.evaluators.items.properties.llm), [...KNOWN_KEYS.llm].sort());
});
