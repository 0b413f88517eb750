import test from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic, parsePromptFile } from '../../../src/core/index.js';

const minimal = `name: Demo
model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Say {{word}}"
testData:
  - word: hi
evaluators:
  - name: says hi
    string:
      contains: hi
`;

function messages(text: string): string[] {
  return parsePromptFile(text, 'p.prompt.yml').diagnostics.map(formatDiagnostic);
}

test('a gh models prompt file parses into a normalised prompt', () => {
  const parsed = parsePromptFile(minimal, 'p.prompt.yml');
  assert.deepEqual(parsed.diagnostics, []);
  assert.equal(parsed.prompt?.model, 'openai/gpt-4o-mini');
  assert.deepEqual(parsed.prompt?.models, ['openai/gpt-4o-mini']);
  assert.equal(parsed.prompt?.messages[0].content, 'Say {{word}}');
  assert.equal(parsed.prompt?.testData.length, 1);
});

test('bare model names mean the openai provider; workbench.models add models without duplicates', () => {
  const parsed = parsePromptFile(minimal.replace('openai/gpt-4o-mini', 'gpt-4o') + 'workbench:\n  models: [openai/gpt-4o, local/llama]\n', 'p.prompt.yml');
  assert.deepEqual(parsed.prompt?.models, ['openai/gpt-4o', 'local/llama']);
});

test('roles are case-insensitive like gh models, and a wrong role names the allowed ones with its position', () => {
  assert.deepEqual(messages(minimal.replace('role: user', 'role: User')), []);
  assert.deepEqual(messages(minimal.replace('role: user', 'role: bot')), ['p.prompt.yml:4:11: error: messages[0].role must be one of system, user, assistant (got "bot")']);
});

test('YAML syntax errors are positioned diagnostics, not exceptions', () => {
  const out = messages('name: x\nmessages:\n  - role: user\n    content: [unclosed\n');
  assert.equal(out.length > 0, true);
  assert.match(out[0], /^p\.prompt\.yml:\d+:\d+: error: YAML: /);
});

test('missing and mistyped fields are explained in plain words', () => {
  assert.deepEqual(messages('model: openai/x\n'), ['p.prompt.yml:1:1: error: messages is required']);
  const typed = messages(minimal.replace('  maxTokens', '').replace('model: openai/gpt-4o-mini', 'model: openai/gpt-4o-mini\nmodelParameters:\n  temperature: hot'));
  assert.deepEqual(typed, ['p.prompt.yml:4:16: error: modelParameters.temperature must be a number (got "hot")']);
});

test('unknown keys are warnings with a did-you-mean, since gh models ignores them', () => {
  const out = messages(minimal.replace('testData:', 'testdata:'));
  assert.ok(out.some((m) => m.includes('warning: unknown key "testdata" in the prompt file is ignored – did you mean "testData"?')));
});

test('an evaluator must do exactly one check', () => {
  const none = messages(minimal.replace('    string:\n      contains: hi\n', ''));
  assert.ok(
    none.some((m) => /evaluators\[0\] needs one of string, llm, uses/.test(m)),
    none.join('\n'),
  );
  const two = messages(minimal + '    regex: hi\n');
  assert.ok(
    two.some((m) => /has string and regex/.test(m)),
    two.join('\n'),
  );
});

test('extension evaluators at the top level warn about portability; under workbench they are fine', () => {
  const top = messages(minimal.replace('    string:\n      contains: hi\n', '    regex: "^hi"\n'));
  assert.ok(
    top.some((m) => m.includes('warning: gh models does not know "regex" evaluators')),
    top.join('\n'),
  );
  const nested = messages(`${minimal}workbench:\n  evaluators:\n    - name: r\n      regex: "^hi"\n`);
  assert.deepEqual(nested, []);
});

test('jsonSchema: required for json_schema, must be JSON with name and schema; a schema Ajv cannot compile is a warning (the API judges it, as in gh)', () => {
  const base = minimal.replace('messages:', 'responseFormat: json_schema\nmessages:');
  assert.ok(messages(base).some((m) => m.includes('jsonSchema is required when responseFormat is json_schema')));
  const badJson = messages(base.replace('messages:', 'jsonSchema: |-\n  {\n    "name": "x",\n    "schema": {"type": "object",}\n  }\nmessages:'));
  assert.ok(
    badJson.some((m) => /^p\.prompt\.yml:7:33: error: jsonSchema is not valid JSON/.test(m)),
    badJson.join('\n'),
  );
  const noName = messages(base.replace('messages:', 'jsonSchema: \'{"schema": {"type": "object"}}\'\nmessages:'));
  assert.ok(noName.some((m) => m.includes('jsonSchema must contain a "name"')));
  const invalid = messages(base.replace('messages:', 'jsonSchema: \'{"name": "x", "schema": {"type": "objekt"}}\'\nmessages:'));
  assert.ok(
    invalid.some((m) => /warning: jsonSchema.schema does not compile, so outputs cannot be checked against it/.test(m)),
    invalid.join('\n'),
  );
  const good = parsePromptFile(base.replace('messages:', 'jsonSchema: \'{"name": "x", "strict": true, "schema": {"type": "object"}}\'\nmessages:'), 'p.prompt.yml');
  assert.deepEqual(good.prompt?.jsonSchema, { name: 'x', strict: true, schema: { type: 'object' }, description: undefined });
});

test('unknown built-in evaluators are warnings with a suggestion (gh fails just that evaluator)', () => {
  const out = messages(minimal.replace('    string:\n      contains: hi\n', '    uses: github/similarty\n'));
  assert.ok(
    out.some((m) => /warning: unknown evaluator "github\/similarty" \(did you mean "github\/similarity"\?\)/.test(m)),
    out.join('\n'),
  );
});

test('placeholders with spaces are warnings, pointed at the placeholder, because gh models leaves them as text', () => {
  const out = messages(minimal.replace('Say {{word}}', 'Say {{ word }}'));
  assert.ok(
    out.some((m) => /warning: "\{\{ word \}\}" has spaces inside the braces/.test(m)),
    out.join('\n'),
  );
});

test('a prompt without a model parses; the run needs models from somewhere (--models, default models)', () => {
  const parsed = parsePromptFile(minimal.replace('model: openai/gpt-4o-mini\n', ''), 'p.prompt.yml');
  assert.deepEqual(parsed.prompt?.models, []);
  assert.ok(!parsed.diagnostics.some((d) => d.severity === 'error'));
});

test('a file that is not a mapping is one clear error', () => {
  assert.deepEqual(messages('- just\n- a list\n'), ['p.prompt.yml:1:1: error: a prompt file must be a YAML mapping with at least "messages"']);
});
