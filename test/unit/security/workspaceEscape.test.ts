// Dataset and prompt paths that escape the workspace – "../" paths, absolute paths, a sibling
// folder sharing the workspace's name as a prefix, symlinks inside the workspace that point out –
// are refused with a positioned error unless explicitly allowed (allowOutsideWorkspace: true in
// prompt-workbench.yml, or --allow-outside-workspace), and load when allowed. Nothing of an
// outside file may reach a model or a message while it is refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { preparePrompt } from '../../../src/core/index.js';
import { startTestServer, type TestServer } from '../../support/openaiServer.js';
import { makeWorkspace, providerConfig, runMain, STACK_FRAME, type TempWorkspace } from '../../support/rsHarness.js';

const SECRET = 'TOP-SECRET-OUTSIDE-CONTENT';

function prompt(dataset: string): string {
  return `name: Escape
model: esc/m1
messages:
  - role: user
    content: 'Row {{name}}'
workbench:
  dataset: ${JSON.stringify(dataset)}
`;
}
/** 0-based line of "dataset:" in prompt(). */
const DATASET_LINE = 6;

describe('security: paths that escape the workspace', () => {
  let server: TestServer;
  let base: TempWorkspace;
  let root: string;
  const outside = () => path.join(base.root, 'outside');

  before(async () => {
    server = await startTestServer();
    base = await makeWorkspace();
    root = path.join(base.root, 'ws');
    await mkdir(root);
    await base.write('outside/secret.jsonl', `{"name": "${SECRET}"}\n`);
    await base.write('outside/outside.prompt.yml', prompt('secret.jsonl'));
    await base.write('ws-evil/secret.jsonl', `{"name": "${SECRET}-prefix"}\n`);
    await base.write('ws/prompt-workbench.yml', providerConfig('esc', server.url));
    await base.write('ws/inside.jsonl', '{"name": "inside"}\n');
    await base.write('ws/..dotdot.jsonl', '{"name": "dotdot"}\n');
    await base.write('ws/sub/..hidden/rows.jsonl', '{"name": "hidden"}\n');
    await symlink(path.join(outside(), 'secret.jsonl'), path.join(root, 'link.jsonl'));
    await symlink(outside(), path.join(root, 'linkdir'));
    await symlink(path.join(outside(), 'outside.prompt.yml'), path.join(root, 'linked.prompt.yml'));
    await symlink('/etc/passwd', path.join(root, 'passwd.jsonl'));
    const prompts: Record<string, string> = {
      'rel-escape': '../outside/secret.jsonl',
      'deep-escape': 'sub/../../outside/secret.jsonl',
      'etc-passwd': '../../etc/passwd',
      absolute: path.join(outside(), 'secret.jsonl'),
      prefix: '../ws-evil/secret.jsonl',
      'symlink-file': 'link.jsonl',
      'symlink-dir': 'linkdir/secret.jsonl',
      'symlink-passwd': 'passwd.jsonl',
      'back-inside': '../ws/inside.jsonl',
      'dotdot-name': '..dotdot.jsonl',
      'dotdot-folder': 'sub/..hidden/rows.jsonl',
    };
    for (const [name, dataset] of Object.entries(prompts)) await writeFile(path.join(root, `${name}.prompt.yml`), prompt(dataset));
  });
  after(async () => {
    await server.close();
    await base.cleanup();
  });

  const ESCAPES = ['rel-escape', 'deep-escape', 'absolute', 'prefix', 'symlink-file', 'symlink-dir'];

  describe('core: preparePrompt', () => {
    for (const name of [...ESCAPES, 'etc-passwd', 'symlink-passwd']) {
      it(`${name}: refused with an error on the dataset line, nothing of the file read`, async () => {
        const prepared = await preparePrompt(path.join(root, `${name}.prompt.yml`), { workspaceRoot: root });
        const errors = prepared.diagnostics.filter((d) => d.severity === 'error');
        assert.ok(errors.length > 0, 'refused');
        const refusal = errors.find((d) => d.file === path.join(root, `${name}.prompt.yml`) && d.range.start.line === DATASET_LINE);
        assert.ok(refusal, `positioned on the dataset line: ${JSON.stringify(errors)}`);
        assert.equal(prepared.cases.length, 0);
        assert.equal(prepared.datasets.length, 0);
        const text = JSON.stringify(prepared.diagnostics);
        assert.ok(!text.includes(SECRET) && !text.includes('root:x:0:0'), 'no content of the outside file in any message');
      });
    }

    for (const name of ESCAPES) {
      it(`${name}: says why and how to allow it (dataset/outside-workspace)`, async () => {
        const prepared = await preparePrompt(path.join(root, `${name}.prompt.yml`), { workspaceRoot: root });
        const refusal = prepared.diagnostics.find((d) => d.code === 'dataset/outside-workspace');
        assert.ok(refusal, JSON.stringify(prepared.diagnostics));
        assert.match(refusal.message, /outside the workspace/);
        assert.match(refusal.message, /allowOutsideWorkspace/);
      });

      it(`${name}: loads when allowOutsideWorkspace is set`, async () => {
        const prepared = await preparePrompt(path.join(root, `${name}.prompt.yml`), { workspaceRoot: root, allowOutsideWorkspace: true });
        assert.deepEqual(prepared.diagnostics, []);
        assert.equal(prepared.cases.length, 1);
        assert.match(String(prepared.cases[0].vars.name), new RegExp(SECRET));
      });
    }

    for (const [name, value] of [
      ['back-inside', 'inside'],
      ['dotdot-name', 'dotdot'],
      ['dotdot-folder', 'hidden'],
    ]) {
      it(`${name}: a path that stays inside the workspace is not refused`, async () => {
        const prepared = await preparePrompt(path.join(root, `${name}.prompt.yml`), { workspaceRoot: root });
        assert.deepEqual(prepared.diagnostics, [], 'a file inside the workspace must load');
        assert.deepEqual(
          prepared.cases.map((c) => c.vars.name),
          [value],
        );
      });
    }
  });

  describe('CLI', () => {
    it('an escaping dataset: exit 2, file:line:col of the dataset line, nothing sent', async () => {
      for (const name of [...ESCAPES, 'etc-passwd', 'symlink-passwd']) {
        const before = server.requests.length;
        const run = await runMain(['eval', `${name}.prompt.yml`, '--no-cache', '--no-record'], { cwd: root });
        assert.equal(run.code, 2, `${name}: ${run.stderr}`);
        assert.match(run.stderr, new RegExp(`^${name}\\.prompt\\.yml:${DATASET_LINE + 1}:\\d+: error: `, 'm'), `${name}: ${run.stderr}`);
        assert.doesNotMatch(run.stderr, STACK_FRAME);
        assert.ok(!run.stderr.includes(SECRET) && !run.stderr.includes('root:x:0:0'));
        assert.equal(server.requests.length, before, `${name}: nothing may be sent`);
      }
    });

    it('--allow-outside-workspace lets an escaping dataset load and run', async () => {
      for (const name of ESCAPES) {
        server.reset();
        const run = await runMain(['eval', `${name}.prompt.yml`, '--no-cache', '--no-record', '--allow-outside-workspace'], { cwd: root });
        assert.equal(run.code, 0, `${name}: ${run.stderr}`);
        assert.equal(server.requests.length, 1);
        assert.match(JSON.stringify(server.requests[0].body), new RegExp(SECRET));
      }
    });

    it('allowOutsideWorkspace: true in prompt-workbench.yml does the same', async () => {
      const ws = await makeWorkspace({
        'prompt-workbench.yml': providerConfig('esc', server.url, {}, { allowOutsideWorkspace: true }),
        'p.prompt.yml': prompt(path.join(outside(), 'secret.jsonl')),
      });
      try {
        server.reset();
        const run = await runMain(['eval', 'p.prompt.yml', '--no-cache', '--no-record'], { cwd: ws.root });
        assert.equal(run.code, 0, run.stderr);
        assert.match(JSON.stringify(server.requests[0].body), new RegExp(SECRET));
      } finally {
        await ws.cleanup();
      }
    });

    it('a prompt file outside the workspace (relative, absolute, or a symlink inside pointing out) is refused, naming the file', async () => {
      const targets = ['../outside/outside.prompt.yml', path.join(outside(), 'outside.prompt.yml'), 'linked.prompt.yml'];
      for (const target of targets) {
        server.reset();
        const run = await runMain(['eval', target, '--no-cache', '--no-record', '--workspace', root], { cwd: root });
        assert.equal(run.code, 2, `${target}: ${run.stderr}`);
        const file = path.isAbsolute(target) ? target : path.resolve(root, target);
        assert.ok(run.stderr.includes(`${file}:`) || run.stderr.includes(`${path.relative(root, file)}:`), `${target}: the error must name the file: ${run.stderr}`);
        assert.match(run.stderr, /refused/);
        assert.match(run.stderr, /--allow-outside-workspace/);
        assert.doesNotMatch(run.stderr, STACK_FRAME);
        assert.equal(server.requests.length, 0, `${target}: nothing may be sent`);
      }
    });

    it('a prompt file outside the workspace runs with --allow-outside-workspace', async () => {
      server.reset();
      const run = await runMain(['eval', '../outside/outside.prompt.yml', '--no-cache', '--no-record', '--workspace', root, '--allow-outside-workspace'], { cwd: root });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(server.requests.length, 1);
    });
  });
});
