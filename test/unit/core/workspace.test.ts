import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import {
  applyOverrides,
  blockingErrors,
  createSessions,
  DEFAULTS,
  describeProblem,
  findBoundary,
  findConfigRoot,
  openSession,
  preparePrompt,
  prepareOptions,
  promptPath,
  type PreparedPrompt,
} from '../../../src/core/index.js';
import { main } from '../../../src/cli/main.js';
import { flagOverrides } from '../../../src/cli/workspace.js';
import { parseCli } from '../../../src/cli/args.js';
import { settingsOverrides, type ExtensionSettings } from '../../../src/extension/workspace/settings.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';
import { captureIo } from '../../support/captureIo.js';

const PROMPT = `model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Capital of {{country}}?"
testData:
  - country: France
`;

/** A repo whose team/ folder has its own prompt-workbench.yml with a results folder. */
function nestedRepo() {
  return tempWorkspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'prompt-workbench.yml': 'concurrency: 3\n',
    'team/prompt-workbench.yml': 'resultsDir: results\nconcurrency: 5\ntimeoutMs: 9000\n',
    'team/x.prompt.yml': PROMPT,
    'team/sub/y.prompt.yml': PROMPT,
    'other/z.prompt.yml': PROMPT,
  });
}

const noSettings: ExtensionSettings = { defaultModels: [], providerBaseUrls: {}, cache: true, estimateOnType: true };

test('config root: the nearest prompt-workbench.yml walking up from the prompt file, never above the boundary', async () => {
  const ws = await nestedRepo();
  try {
    assert.equal(findConfigRoot(ws.file('team/x.prompt.yml'), ws.root), ws.file('team'));
    assert.equal(findConfigRoot(ws.file('team/sub/y.prompt.yml'), ws.root), ws.file('team'));
    assert.equal(findConfigRoot(ws.file('other/z.prompt.yml'), ws.root), ws.root);
    assert.equal(findConfigRoot(ws.file('other/z.prompt.yml'), ws.file('other')), ws.file('other'), 'a boundary below the root config stops the walk');
    assert.equal(findBoundary(ws.file('team/sub')), ws.root, 'the CLI boundary is the git repository');
  } finally {
    await ws.remove();
  }
});

test('the CLI and the editor resolve the same nested config to identical settings and record locations', async () => {
  const ws = await nestedRepo();
  try {
    const file = ws.file('team/x.prompt.yml');
    // The CLI run from the repo root, no flags; the editor with the repo as its workspace folder, no settings.
    const cli = await openSession({ file, boundary: findBoundary(ws.root), overrides: [flagOverrides(parseCli(['eval', 'team/x.prompt.yml']), ws.root)] });
    const editor = await openSession({ file, boundary: ws.root, overrides: [settingsOverrides(noSettings, ws.root)] });
    assert.deepEqual(cli, editor);
    assert.equal(cli.root, ws.file('team'));
    assert.equal(cli.resultsDir, ws.file('team/results'));
    assert.equal(cli.cacheDir, ws.file('team/.prompt-workbench/cache'));
    assert.equal(cli.config.concurrency, 5);
    assert.equal(cli.config.timeoutMs, 9000);
    assert.equal(promptPath(cli, file), 'x.prompt.yml');
  } finally {
    await ws.remove();
  }
});

test('`eval team/x.prompt.yml` from the repo root writes its record where the editor would', async () => {
  const ws = await nestedRepo();
  const server = await startTestServer({ replies: [{ match: 'France', reply: 'Paris' }] });
  try {
    const io = captureIo(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
    assert.equal(await main(['eval', 'team/x.prompt.yml'], io), 0, io.stderrText);
    const records = (await readdir(ws.file('team/results'))).filter((f) => f !== '.gitignore');
    assert.equal(records.length, 1, 'the record is in team/results, as team/prompt-workbench.yml says');
    assert.match(io.stdout, /Run record: team\/results\/\d{8}T\d{6}Z-x-[0-9a-f]{4}\.json/);
    const editor = await openSession({ file: ws.file('team/x.prompt.yml'), boundary: ws.root, overrides: [settingsOverrides(noSettings, ws.root)] });
    assert.equal(editor.resultsDir, ws.file('team/results'));
  } finally {
    await server.close();
    await ws.remove();
  }
});

test('overrides apply in one documented order: defaults < prompt-workbench.yml < editor settings < CLI flags', () => {
  const file = { ...DEFAULTS, concurrency: 4, providers: { ollama: { baseURL: 'http://127.0.0.1:11434/v1', noApiKey: true } } };
  const editor = settingsOverrides(
    { ...noSettings, concurrency: 2, resultsFolder: 'out/runs', providerBaseUrls: { ollama: 'http://10.0.0.2:11434/v1', openai: ' http://127.0.0.1:9/v1 ', empty: '' }, cache: false },
    '/w',
  );
  const merged = applyOverrides(file, editor);
  assert.equal(merged.concurrency, 2);
  assert.equal(merged.resultsDir, path.resolve('/w/out/runs'), 'the results folder setting is relative to the workspace folder');
  assert.equal(merged.cache, false);
  assert.deepEqual(merged.providers, { ollama: { baseURL: 'http://10.0.0.2:11434/v1', noApiKey: true }, openai: { baseURL: 'http://127.0.0.1:9/v1' } });
  const plain = applyOverrides(file, settingsOverrides(noSettings, '/w'));
  assert.equal(plain.concurrency, 4);
  assert.equal(plain.resultsDir, '.prompt-workbench/runs');
  const cli = applyOverrides(file, editor, flagOverrides(parseCli(['eval', 'x', '--concurrency', '7', '--no-cache']), '/w'));
  assert.equal(cli.concurrency, 7, 'a flag beats a setting');
  assert.equal(cli.cache, false);
});

test('sessions are shared per config folder', async () => {
  const ws = await nestedRepo();
  try {
    const reads: string[] = [];
    const sessions = createSessions({ boundaryOf: () => ws.root, onConfigRead: (file) => reads.push(file) });
    const [a, b, c] = await Promise.all([sessions.forFile(ws.file('team/x.prompt.yml')), sessions.forFile(ws.file('team/sub/y.prompt.yml')), sessions.forFile(ws.file('other/z.prompt.yml'))]);
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.deepEqual(reads.sort(), [ws.file('prompt-workbench.yml'), ws.file('team/prompt-workbench.yml')].sort());
  } finally {
    await ws.remove();
  }
});

test('blocking errors: the prompt file’s own errors and missing variables stop a run; a bad dataset row does not', async () => {
  const range = { start: { line: 3, column: 2 }, end: { line: 3, column: 9 } };
  const ws = await tempWorkspace({ 'a.prompt.yml': PROMPT });
  try {
    const session = await openSession({ file: ws.file('a.prompt.yml'), boundary: ws.root });
    const prepared = await preparePrompt(ws.file('a.prompt.yml'), prepareOptions(session));
    const file = prepared.parsed.file;
    const withDiagnostics = (diagnostics: PreparedPrompt['diagnostics']): PreparedPrompt => ({ ...prepared, diagnostics });
    const diagnostics = [
      { file, severity: 'warning' as const, message: 'unknown key', range },
      { file: '/w/d.jsonl', severity: 'error' as const, message: 'line 2 is not JSON', range, code: 'dataset/bad-json' },
      { file: '/w/d.jsonl', severity: 'error' as const, message: 'this row has no "country"', range, code: 'dataset/missing-var' },
      { file, severity: 'error' as const, message: 'unknown role "bot"', range },
    ];
    assert.deepEqual(
      blockingErrors(withDiagnostics(diagnostics)).map((d) => d.message),
      ['this row has no "country"', 'unknown role "bot"'],
    );
    assert.deepEqual(
      blockingErrors({ ...withDiagnostics([]), parsed: { ...prepared.parsed, prompt: undefined } }).map((d) => d.message),
      ['the prompt file cannot be read'],
    );
    assert.equal(describeProblem(diagnostics[3], 'a.prompt.yml'), 'a.prompt.yml:4: unknown role "bot"');
  } finally {
    await ws.remove();
  }
});
