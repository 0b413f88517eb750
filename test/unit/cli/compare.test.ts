import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../../src/cli/main.js';
import { readRecord } from '../../../src/core/record/read.js';
import { captureIo } from '../../support/captureIo.js';
import { commitAll } from '../../support/gitRepo.js';
import { startTestServer, type ReplyRule } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

// compare over loopback: records from real runs against the test server, and --base-rev on a real
// git repository.

const NAMES = Array.from({ length: 12 }, (_, i) => `name-${i}`);

function prompt(verb = 'Greet'): string {
  return `name: Greeter
model: openai/gpt-4o-mini
messages:
  - role: user
    content: "${verb} {{name}}"
testData:
${NAMES.map((n, i) => `  - _id: c${i}\n    name: ${n}`).join('\n')}
evaluators:
  - name: says hello
    string:
      contains: hello
`;
}

const ALL_HELLO: ReplyRule[] = [{ reply: 'hello there' }];
/** Cases c0–c7 get a rude answer. */
const EIGHT_RUDE: ReplyRule[] = [{ match: 'name-[0-7]$', reply: 'go away' }, { reply: 'hello there' }];

/** Runs eval once with `replies` and returns the record file it wrote (relative to the workspace). */
async function runRecord(root: string, replies: ReplyRule[], extra: string[] = []): Promise<string> {
  const server = await startTestServer({ replies });
  try {
    const io = captureIo(root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
    await main(['eval', 'greet.prompt.yml', '--no-cache', '--json', ...extra], io);
    return path.relative(root, JSON.parse(io.stdout).runs[0].recordFile as string);
  } finally {
    await server.close();
  }
}

test('compare: 8 of 12 cases broke → --fail-on-regression exits 1; the reverse exits 0', async () => {
  const ws = await tempWorkspace({ 'greet.prompt.yml': prompt(), '.git/HEAD': '' });
  try {
    const good = await runRecord(ws.root, ALL_HELLO);
    const bad = await runRecord(ws.root, EIGHT_RUDE);

    const worse = captureIo(ws.root, {});
    assert.equal(await main(['compare', good, bad, '--fail-on-regression'], worse), 1, worse.stderrText);
    assert.match(worse.stdout, /greet\.prompt\.yml · openai\/gpt-4o-mini {2}\(base → head\)/);
    assert.match(worse.stdout, /▼ head is worse beyond noise against base: 100\.0% → 33\.3% \(−66\.7 pts\), McNemar exact p = 0\.0078/);
    assert.match(worse.stdout, /8 broke · 0 fixed · 4 same/);
    assert.match(worse.stdout, /▼ greet\.prompt\.yml:9 {2}c1 {2}1\/1 → 0\/1 {2}– says hello: does not contain "hello"/);
    assert.match(worse.stdout, /Head is worse than base beyond noise \(α = 0\.05\) – failing/);

    const better = captureIo(ws.root, {});
    assert.equal(await main(['compare', bad, good, '--fail-on-regression'], better), 0, better.stderrText);
    assert.match(better.stdout, /▲ head is better beyond noise against base/);
    assert.match(better.stdout, /No regression beyond noise/);

    assert.equal(await main(['compare', good, bad], captureIo(ws.root, {})), 0, 'without --fail-on-regression a regression is reported, not failed');
    assert.equal(await main(['compare', good, bad, '--fail-on-regression', '--alpha', '0.005'], captureIo(ws.root, {})), 0, 'p ≈ 0.0078 is not below 0.005');

    const json = captureIo(ws.root, {});
    assert.equal(await main(['compare', good, bad, '--fail-on-regression', '--json', '--markdown', 'compare.md'], json), 1);
    const report = JSON.parse(json.stdout);
    assert.equal(report.exitCode, 1);
    assert.equal(report.regression, true);
    assert.deepEqual(report.comparisons[0].broke, ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    assert.equal(report.comparisons[0].test.method, 'McNemar exact');
    const markdown = await readFile(ws.file('compare.md'), 'utf8');
    assert.match(markdown, /^## ❌ Prompt Workbench: worse beyond noise in 1 of 1 comparison against base/);
    assert.match(markdown, /<summary>Broke: 8 \(passed more often in base than in head\)<\/summary>/);
  } finally {
    await ws.remove();
  }
});

test('compare one record between two of its models', async () => {
  const ws = await tempWorkspace({ 'greet.prompt.yml': prompt(), '.git/HEAD': '' });
  try {
    const record = await runRecord(ws.root, [{ model: 'gpt-4\\.1', match: 'name-[0-7]$', reply: 'go away' }, { reply: 'hello there' }], ['--models', 'openai/gpt-4o-mini,openai/gpt-4.1']);
    const io = captureIo(ws.root, {});
    assert.equal(await main(['compare', record, '--base-model', 'openai/gpt-4o-mini', '--head-model', 'openai/gpt-4.1', '--fail-on-regression'], io), 1, io.stderrText);
    assert.match(io.stdout, /^greet\.prompt\.yml · openai\/gpt-4o-mini → openai\/gpt-4\.1$/m);
    assert.match(io.stdout, /openai\/gpt-4\.1 is worse beyond noise against openai\/gpt-4o-mini/);
    const unknown = captureIo(ws.root, {});
    assert.equal(await main(['compare', record, '--base-model', 'openai/o3', '--head-model', 'openai/gpt-4.1'], unknown), 2);
    assert.match(unknown.stderrText, /--base-model openai\/o3: .* did not run it \(it ran openai\/gpt-4o-mini, openai\/gpt-4\.1\)/);
  } finally {
    await ws.remove();
  }
});

test('compare --base-rev evaluates the prompt as committed and as it is now; unchanged and new files are said, not run', async () => {
  const ws = await tempWorkspace({ 'greet.prompt.yml': prompt('Greet'), 'same.prompt.yml': prompt('Welcome').replace('Greeter', 'Same'), '.gitignore': '.prompt-workbench/\n' });
  const server = await startTestServer({ replies: [{ match: '^Snub name-[0-7]$', reply: 'go away' }, { reply: 'hello there' }] });
  try {
    const commit = commitAll(ws.root, 'v1');
    await ws.write('greet.prompt.yml', prompt('Snub'));
    await ws.write('new.prompt.yml', prompt('Hail').replace('Greeter', 'New'));
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' };
    const io = captureIo(ws.root, env);
    const code = await main(['compare', '--base-rev', 'HEAD', '.', '--fail-on-regression', '--markdown', 'pr.md'], io);
    assert.equal(code, 1, io.stderrText);
    assert.match(io.stdout, /greet\.prompt\.yml · openai\/gpt-4o-mini {2}\(HEAD → head\)/);
    assert.match(io.stdout, /8 broke · 0 fixed · 4 same/);
    assert.match(io.stdout, /same\.prompt\.yml: unchanged since HEAD \(prompt and datasets\): not run again/);
    assert.match(io.stdout, /new\.prompt\.yml: new since HEAD: nothing to compare with/);
    const asked = server.requests.map((r) => (r.body as { messages: Array<{ content: string }> }).messages.at(-1)!.content);
    assert.equal(asked.filter((m) => m.startsWith('Greet')).length, 12, 'the committed text ran');
    assert.equal(asked.filter((m) => m.startsWith('Snub')).length, 12, 'the working copy ran');
    assert.equal(asked.filter((m) => m.startsWith('Welcome') || m.startsWith('Hail')).length, 0);

    const records = await Promise.all((await readdir(ws.file('.prompt-workbench/runs'))).filter((f) => f !== '.gitignore').map((f) => readRecord(ws.file(`.prompt-workbench/runs/${f}`))));
    const base = records.find((r) => r.prompt.content.includes('Greet {{name}}'))!;
    assert.equal(base.git?.commit, commit, "the base record names the revision's commit");
    assert.equal(base.git?.dirty, false);
    assert.match(await readFile(ws.file('pr.md'), 'utf8'), /- <code>new\\\.prompt\\\.yml<\/code>: new since HEAD\\: nothing to compare with/);

    const again = captureIo(ws.root, env);
    const before = server.requests.length;
    assert.equal(await main(['compare', '--base-rev', 'HEAD', 'greet.prompt.yml', '--fail-on-regression'], again), 1);
    assert.equal(server.requests.length, before, 'the cache answers a second compare');
  } finally {
    await server.close();
    await ws.remove();
  }
});

test('compare --base-rev reads the datasets as they are at the revision too', async () => {
  const withDataset = prompt().replace(/testData:[\s\S]*?evaluators:/, 'workbench:\n  dataset: cases.jsonl\nevaluators:');
  const rows = (rude: number) => NAMES.map((n, i) => JSON.stringify({ _id: `c${i}`, name: i < rude ? `${n} rude` : n })).join('\n');
  const ws = await tempWorkspace({ 'greet.prompt.yml': withDataset, 'cases.jsonl': rows(0) });
  const server = await startTestServer({ replies: [{ match: 'rude$', reply: 'go away' }, { reply: 'hello there' }] });
  try {
    commitAll(ws.root, 'v1');
    await ws.write('cases.jsonl', rows(8));
    const io = captureIo(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
    assert.equal(await main(['compare', '--base-rev', 'HEAD', 'greet.prompt.yml', '--fail-on-regression', '--no-record'], io), 1, io.stderrText);
    assert.match(io.stdout, /8 broke/);
  } finally {
    await server.close();
    await ws.remove();
  }
});

test('compare: bad input exits 2 with a reason', async () => {
  const ws = await tempWorkspace({ 'greet.prompt.yml': prompt(), 'junk.json': '{"a":1}' });
  try {
    commitAll(ws.root, 'v1');
    const cases: Array<[string[], RegExp]> = [
      [['compare', 'junk.json', 'junk.json'], /junk\.json is not a Prompt Workbench run record/],
      [['compare', 'missing.json', 'junk.json'], /missing\.json: no such file/],
      [['compare', 'junk.json'], /one run record is compared between two of its models/],
      [['compare', 'greet.prompt.yml'], /against --base-rev <rev>, or between --base-model and --head-model/],
      [['compare', '--base-rev', 'no-such-branch', 'greet.prompt.yml'], /--base-rev no-such-branch: no such revision/],
      [['compare', 'junk.json', 'greet.prompt.yml'], /run records \(\.jsonl, \.json\) or prompt files, not both/],
      [['compare', 'a.json', 'b.json', '--alpha', '2'], /--alpha must be a number between 0 and 1/],
      [['compare'], /compare needs two run records/],
    ];
    for (const [argv, message] of cases) {
      const io = captureIo(ws.root, {});
      assert.equal(await main(argv, io), 2, argv.join(' '));
      assert.match(io.stderrText, message, argv.join(' '));
    }
  } finally {
    await ws.remove();
  }
});
