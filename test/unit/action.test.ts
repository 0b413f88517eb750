import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { HELP } from '../../src/cli/args.js';
import { COMMENT_MARKER } from '../../src/cli/github/stickyComment.js';
import { cliBundle } from '../support/cliProcess.js';
import { commitAll } from '../support/gitRepo.js';
import { startFakeGitHub } from '../support/githubServer.js';
import { startTestServer } from '../support/openaiServer.js';
import { repoRoot } from '../support/rsHarness.js';
import { tempWorkspace } from '../support/tempWorkspace.js';

// The GitHub Action: action.yml's shape, and its steps (scripts/action.sh) run the way the runner
// runs them – bundled CLI, inputs as PW_* variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files –
// against the loopback OpenAI server and the fake GitHub API.

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

async function action(): Promise<{ inputs: Record<string, { default?: string }>; runs: { using: string; steps: Step[] } }> {
  return parse(await readFile(path.join(repoRoot(), 'action.yml'), 'utf8'));
}

test('action.yml: a composite action running the bundled CLI through scripts/action.sh, inputs never inlined into scripts', async () => {
  const { inputs, runs } = await action();
  assert.equal(runs.using, 'composite');
  for (const name of ['paths', 'models', 'repeat', 'fail-under', 'base-ref', 'token', 'shard', 'min-case-pass-rate']) assert.ok(inputs[name], `input ${name}`);
  assert.equal(inputs['base-ref'].default, '${{ github.event.pull_request.base.sha }}');
  const script = await readFile(path.join(repoRoot(), 'scripts/action.sh'), 'utf8');
  for (const step of runs.steps) {
    if (step.run) {
      assert.doesNotMatch(step.run, /\$\{\{/, `step ${step.id}: inputs go through env, not into the script`);
      const sub = /^bash "\$GITHUB_ACTION_PATH\/scripts\/action\.sh" (\w+)$/.exec(step.run.trim());
      assert.ok(sub, `step ${step.id} runs scripts/action.sh`);
      assert.match(script, new RegExp(`^  ${sub[1]}\\) `, 'm'));
    }
  }
  assert.doesNotMatch(script, /\bnpm (install|ci)\b|\bnpx\b/, 'nothing is installed at run time');
  const cliLines = script.split('\n').filter((line) => /^\s+pw \w|opts\+=\(/.test(line));
  assert.ok(cliLines.length > 5);
  for (const flag of new Set(cliLines.join('\n').match(/--[a-z][a-z-]+/g))) assert.ok(HELP.includes(`${flag} `) || HELP.includes(`${flag},`), `${flag} is a CLI option`);
  const upload = runs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  assert.ok(upload?.if?.startsWith('always()'), 'records are uploaded when evals fail too');
});

/** One step of the action as the runner runs it: bash, in the workspace, with the job's environment. The servers live in this process, so never spawnSync. */
function runStep(actionPath: string, name: string, cwd: string | undefined, env: NodeJS.ProcessEnv): Promise<{ name: string; status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [path.join(actionPath, 'scripts/action.sh'), name], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('close', (status) => resolve({ name, status, stdout, stderr }));
  });
}

async function actionFolder(): Promise<string> {
  const ws = await tempWorkspace();
  await mkdir(ws.file('dist'));
  await mkdir(ws.file('scripts'));
  await copyFile(await cliBundle(), ws.file('dist/cli.mjs'));
  await copyFile(path.join(repoRoot(), 'scripts/action.sh'), ws.file('scripts/action.sh'));
  return ws.root;
}

const PROMPT = (verb: string) => `name: Greeter
model: openai/gpt-4o-mini
messages:
  - role: user
    content: "${verb} {{name}}"
testData:
${Array.from({ length: 12 }, (_, i) => `  - _id: c${i}\n    name: name-${i}`).join('\n')}
evaluators:
  - name: says hello
    string:
      contains: hello
`;

test('the Action on a pull request that breaks 8 of 12 cases: job fails, summary and records written, one comment posted then updated', async () => {
  const ws = await tempWorkspace({ 'prompts/greet.prompt.yml': PROMPT('Greet'), '.gitignore': '.prompt-workbench/\n' });
  const runner = await tempWorkspace({ 'event.json': JSON.stringify({ pull_request: { number: 42 } }) });
  const actionPath = await actionFolder();
  const openai = await startTestServer({ replies: [{ match: '^Snub name-[0-7]$', reply: 'go away' }, { reply: 'hello there' }] });
  const github = await startFakeGitHub({ token: 'ghs_test', repository: 'octo/prompts' });
  try {
    const base = commitAll(ws.root, 'v1');
    await ws.write('prompts/greet.prompt.yml', PROMPT('Snub'));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTION_PATH: actionPath,
      RUNNER_TEMP: runner.root,
      GITHUB_OUTPUT: runner.file('output.txt'),
      GITHUB_STEP_SUMMARY: runner.file('summary.md'),
      GITHUB_EVENT_PATH: runner.file('event.json'),
      GITHUB_REPOSITORY: 'octo/prompts',
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN: 'ghs_test',
      OPENAI_BASE_URL: openai.url,
      OPENAI_API_KEY: 'k',
      PW_PATHS: 'prompts/',
      PW_BASE_REF: base,
      PW_FAIL_ON_REGRESSION: 'true',
      PW_FAIL_UNDER: '30%',
    };
    const push = async () => {
      const steps = [];
      for (const name of ['setup', 'eval', 'compare', 'comment', 'verdict']) steps.push(await runStep(actionPath, name, ws.root, env));
      return steps;
    };

    const first = await push();
    const status = Object.fromEntries(first.map((s) => [s.name, s.status]));
    assert.deepEqual(status, { setup: 0, eval: 0, compare: 0, comment: 0, verdict: 1 }, first.map((s) => `${s.name}: ${s.stderr}`).join('\n'));
    const outputs = await readFile(env.GITHUB_OUTPUT!, 'utf8');
    assert.match(outputs, /^exit-code=0$/m, 'eval passed --fail-under 30%');
    assert.match(outputs, /^regression=true$/m);
    assert.match(outputs, /^artifact-name=prompt-workbench-runs$/m);
    const summary = await readFile(env.GITHUB_STEP_SUMMARY!, 'utf8');
    assert.match(summary, /## ✅ Prompt Workbench: passed/);
    assert.match(summary, /## ❌ Prompt Workbench: worse beyond noise in 1 of 1 comparison against [0-9a-f]{7}/);
    assert.equal((await readdir(runner.file('prompt-workbench/runs'))).filter((f) => f !== '.gitignore').length, 1, 'the head run record, ready for upload');
    assert.match(await readFile(runner.file('prompt-workbench/junit.xml'), 'utf8'), /<testsuites name="prompt-workbench" tests="12" failures="8"/);
    assert.equal(github.comments.length, 1);
    assert.ok(github.comments[0].body.startsWith(`${COMMENT_MARKER}\n## ❌ Prompt Workbench: worse beyond noise`));
    assert.match(github.comments[0].body, /\n---\n\n## ✅ Prompt Workbench: passed/, 'the eval summary follows the comparison');

    // The next push fixes the prompt: the same comment is updated.
    await ws.write('prompts/greet.prompt.yml', PROMPT('Greet warmly'));
    const second = await push();
    assert.equal(second.find((s) => s.name === 'verdict')!.status, 0, second.map((s) => `${s.name}: ${s.stdout}${s.stderr}`).join('\n'));
    assert.equal(github.comments.length, 1, 'one sticky comment');
    assert.match(github.comments[0].body, /## ✅ Prompt Workbench: no regression beyond noise/);
    assert.deepEqual(
      github.requests.filter((r) => r.method !== 'GET').map((r) => r.method),
      ['POST', 'PATCH'],
    );
    for (const s of [...first, ...second]) assert.ok(!`${s.stdout}${s.stderr}`.includes('ghs_test'), 'the token is never printed');
  } finally {
    await github.close();
    await openai.close();
    await Promise.all([ws.remove(), runner.remove(), rm(actionPath, { recursive: true, force: true })]);
  }
});

test('the Action without a bundled CLI fails at once and says to use a release tag', async () => {
  const runner = await tempWorkspace();
  try {
    await mkdir(runner.file('scripts'));
    await copyFile(path.join(repoRoot(), 'scripts/action.sh'), runner.file('scripts/action.sh'));
    const result = await runStep(runner.root, 'setup', runner.root, { PATH: process.env.PATH, GITHUB_ACTION_PATH: runner.root, RUNNER_TEMP: runner.root });
    assert.equal(result.status, 2);
    assert.match(result.stdout, /::error title=Prompt Workbench::.*dist\/cli\.mjs is missing\. .*release tags carry/);
  } finally {
    await runner.remove();
  }
});

test('the Action runs the CLI with the V8 flags of its first line, as the bin does (node "$cli" alone would skip them)', async () => {
  const bundled = (await readFile(await cliBundle(), 'utf8')).split('\n', 1)[0];
  assert.match(bundled, /^#!\/usr\/bin\/env -S node --max-semi-space-size=\d+ /, 'the bundle carries its flags on its first line');
  const actionPath = await actionFolder();
  const runner = await tempWorkspace();
  try {
    // A stand-in CLI that only says how it was started.
    await writeFile(path.join(actionPath, 'dist/cli.mjs'), `${bundled}\nconsole.log('execArgv ' + JSON.stringify(process.execArgv) + ' args ' + JSON.stringify(process.argv.slice(2)));\n`);
    const env = { PATH: process.env.PATH, GITHUB_ACTION_PATH: actionPath, RUNNER_TEMP: runner.root, PW_PATHS: 'prompts' };
    const result = await runStep(actionPath, 'eval', runner.root, env);
    const flags = bundled.replace(/^#!.* node /, '').split(' ');
    const started = (args: string) => new RegExp(`execArgv ${JSON.stringify(flags).replace(/[[\]]/g, '\\$&')} args ${args.replace(/[[\]]/g, '\\$&')}`);
    assert.match(result.stdout, started('["eval","prompts"'));
    // Later steps run the setup step's `command` output (README: run: <command> merge …): the same flags.
    await runStep(actionPath, 'setup', runner.root, { ...env, GITHUB_OUTPUT: runner.file('output.txt') });
    const command = /^command=(.*)$/m.exec(await readFile(runner.file('output.txt'), 'utf8'))?.[1];
    assert.ok(command, 'setup names the command');
    const later = spawnSync('bash', ['-c', `${command} merge shards/`], { cwd: runner.root, env, encoding: 'utf8' });
    assert.match(later.stdout, started('["merge","shards/"]'));
  } finally {
    await runner.remove();
    await rm(actionPath, { recursive: true, force: true });
  }
});
