// Shapes real .prompt.yml files have that gh models copes with: each is read without a cascade of
// errors, a raw Node warning or a lost row.
import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main.js';
import { parsePromptFile, preparePrompt } from '../../../src/core/index.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const errors = (text: string) => parsePromptFile(text, 'p.prompt.yml').diagnostics.filter((d) => d.severity === 'error');

describe('real files', () => {
  it('a Jinja/Liquid header is one clear error, not a YAML cascade', () => {
    const found = errors('{% set persona = "tutor" %}\nname: x\nmessages:\n  - role: user\n    content: "{{ persona }}"\n  {% if x %}\n');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /template syntax \(\{% … %\} or \{# … #\}\)/);
    assert.equal(found[0].range.start.line, 0);
  });

  it('one wrong indentation is one error in plain words, with the rest folded into it', () => {
    const deeper = errors('model: openai/gpt-4o\nmessages:\n  - role: system\n    content: terse\n  - role: user\n      content: Hello {{name}}\ntestData:\n  - name: Ada\n');
    assert.equal(deeper.length, 1);
    assert.equal(deeper[0].range.start.line, 5);
    assert.match(deeper[0].message, /^line 6 is indented 6 spaces, deeper than line 5 above it, which does not open a block: the lines above start at 0, 2 and 4 spaces/);
    assert.match(deeper[0].message, /more YAML error/);
    const less = errors('model: openai/gpt-4o\nmessages:\n  - role: user\n    content: |\n      Hello {{name}}\n     and more\n');
    assert.equal(less.length, 1);
    assert.match(less[0].message, /^line 6 is indented 5 spaces, less than the lines above it: the lines above start at 0, 2, 4 and 6 spaces/);
    const half = errors('model: openai/gpt-4o\nmessages:\n  - role: user\n    content: hi\n  - role\n- name: x\n');
    assert.equal(half.length, 1);
    assert.equal(half[0].range.start.line, 4);
    assert.match(half[0].message, /^line 5 \("- role"\) is a list item without ": value"/);
    const unclosed = errors('model: openai/gpt-4o\nmessages:\n  - role: user\n    content: { text: "x"\ntestData:\n  - name: Ada\n');
    assert.equal(unclosed.length, 1);
    assert.match(unclosed[0].message, /^YAML: Flow map/, 'an unclosed flow map is not an indentation problem');
  });

  it('a mapping used as a key is a positioned error, and nothing is printed on the process', () => {
    const warnings: string[] = [];
    const listener = (w: Error) => warnings.push(w.message);
    process.on('warning', listener);
    try {
      const found = errors('model: openai/gpt-4o\nmessages:\n  - role: user\n    content: hi\n? [a, b]\n: c\n');
      assert.deepEqual(
        found.map((d) => [d.range.start.line, d.message]),
        [[4, 'a key must be plain text, not a list or mapping']],
      );
    } finally {
      process.off('warning', listener);
    }
    assert.deepEqual(warnings, []);
  });

  it('a {{placeholder}} problem inside a | block points at the placeholder, not the block header', async () => {
    const ws = await tempWorkspace({
      'p.prompt.yml': 'model: openai/gpt-4o\nmessages:\n  - role: user\n    content: |\n      Dear {{name}},\n      your order {{order}} shipped.\ntestData:\n  - name: Ada\n',
    });
    try {
      const prepared = await preparePrompt(ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
      const order = prepared.diagnostics.find((d) => d.message.includes('{{order}}'));
      assert.deepEqual(order?.range, { start: { line: 5, column: 17 }, end: { line: 5, column: 26 } });
    } finally {
      await ws.remove();
    }
  });

  it('"__proto__" and "constructor" are row keys like any other', async () => {
    const ws = await tempWorkspace({
      'p.prompt.yml': 'model: openai/gpt-4o\nmessages:\n  - role: user\n    content: "{{__proto__}} {{constructor}}"\ntestData:\n  - __proto__: a\n    constructor: b\n',
    });
    try {
      const prepared = await preparePrompt(ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
      assert.deepEqual(
        prepared.diagnostics.map((d) => d.code),
        ['dataset/reserved-key'],
        'only the note that "_" keys are reserved; both variables are provided',
      );
      assert.equal(prepared.cases[0].vars.__proto__, 'a');
      assert.equal(prepared.cases[0].vars.constructor, 'b');
      assert.ok(Object.hasOwn(prepared.cases[0].vars, '__proto__'));
    } finally {
      await ws.remove();
    }
  });

  it('a file reached twice through a symlinked folder runs once; counts read "1 case", and cost per pass is n/a when nothing is priced', async () => {
    const ws = await tempWorkspace({
      '.git/HEAD': '',
      'prompts/p.prompt.yml': 'model: nowhere/unpriced\nmessages:\n  - role: user\n    content: "Hi {{name}}"\ntestData:\n  - name: Ada\nevaluators:\n  - name: any\n    string:\n      contains: hi\n',
      'prompt-workbench.yml': 'providers:\n  nowhere:\n    baseURL: http://127.0.0.1:1/v1\n',
    });
    const server = await startTestServer({ replies: [{ reply: 'hi Ada' }] });
    try {
      await ws.write('prompt-workbench.yml', `providers:\n  nowhere:\n    baseURL: ${server.url}\n`);
      await symlink(ws.file('prompts'), ws.file('linked'));
      const io = captureIo(ws.root, {});
      assert.equal(await main(['eval', '.'], io), 0, io.stderrText);
      assert.equal(server.stats().total, 1, 'the file ran once');
      assert.match(io.stdout, /\(1 case × 1 model, /);
      assert.match(io.stdout, /nowhere\/unpriced +1 +1 +0 +0 +100\.0% \[\d+–100\] +n\/a +n\/a /);
    } finally {
      await server.close();
      await ws.remove();
    }
  });
});
