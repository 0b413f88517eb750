// The in-editor suite @vscode/test-electron runs inside a downloaded VS Code (`npm run test:electron`).
// Plain CommonJS: VS Code's extension host requires this file directly. It checks the same
// user-visible behaviour as the code-server suite, through the API instead of the DOM.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'prompt-workbench.prompt-workbench';

async function waitFor(what, check, timeoutMs = 30000) {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function workspaceFile(rel) {
  return vscode.Uri.file(path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, rel));
}

function records(prompt) {
  const dir = path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, '.prompt-workbench', 'runs');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => readRecord(fs.readFileSync(path.join(dir, f), 'utf8')))
    .filter((r) => r && r.prompt.path === prompt);
}

/** A version-2 run record (JSON Lines): the header, its results, and the end line once the run is over. */
function readRecord(text) {
  let record;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let value;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // a line being written
    }
    if (value.type === 'header') record = { ...value, status: 'running', results: [] };
    else if (value.type === 'result' && record) record.results.push(value);
    else if (value.type === 'end' && record) Object.assign(record, value);
  }
  return record;
}

const tests = [
  ['activates when a prompt file is open', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('summarize.prompt.yml'));
    await vscode.window.showTextDocument(doc);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await waitFor('activation', () => extension.isActive);
  }],
  ['registers every contributed command', async () => {
    const contributed = vscode.extensions.getExtension(EXTENSION_ID).packageJSON.contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((c) => !registered.has(c)), []);
  }],
  ['CodeLens shows the case count and the estimate', async () => {
    const uri = workspaceFile('summarize.prompt.yml');
    // A counted estimate, not the placeholder shown while counting ("Estimate: counting tokens…")
    // or after a failure ("Estimate: unavailable").
    const estimate = /^Estimate: ≈?[\d,]+ tokens\/case · /;
    let seen = [];
    const titles = await waitFor('CodeLens with an estimate', async () => {
      const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 100)) ?? [];
      seen = lenses.map((l) => l.command?.title ?? '');
      return seen.some((t) => estimate.test(t)) ? seen : undefined;
    }).catch((error) => {
      throw new Error(`${error.message}; the lenses were: ${seen.join(' | ')}`);
    });
    assert.ok(titles.includes('▶ Run eval (3 cases × 1 model)'), titles.join(' | '));
    assert.ok(titles.filter((t) => t === '▶ Run case').length === 3, titles.join(' | '));
  }],
  ['a malformed prompt file is a diagnostic with its line', async () => {
    const uri = workspaceFile('broken.prompt.yml');
    fs.writeFileSync(uri.fsPath, 'model: openai/gpt-4o-mini\nmessages:\n  - role: robot\n    content: hi\n');
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const diagnostics = await waitFor('a diagnostic on broken.prompt.yml', () => {
        const list = vscode.languages.getDiagnostics(uri);
        return list.length ? list : undefined;
      });
      assert.match(diagnostics[0].message, /messages\[0\]\.role must be one of system, user, assistant/);
      assert.equal(diagnostics[0].range.start.line, 2);
    } finally {
      // Later tests (and a rerun) must not find the malformed file.
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(uri.fsPath, { force: true });
    }
  }],
  ['Run Eval runs the cases against the local server and writes a run record', async () => {
    const before = records('summarize.prompt.yml').length;
    await vscode.commands.executeCommand('promptWorkbench.runEval', workspaceFile('summarize.prompt.yml'));
    const record = await waitFor('a completed run record', () => records('summarize.prompt.yml').find((r, i, all) => all.length > before && r.status === 'completed'), 60000);
    assert.equal(record.results.length, 3);
    assert.equal(record.summary.passed, 2);
    assert.equal(record.summary.failed, 1);
  }],
  ['Run Eval as Batch goes through the batch endpoints and ends with the same verdicts, at the batch price', async () => {
    const all = () => records('summarize.prompt.yml');
    const live = all().find((r) => r.status === 'completed' && !r.options.batch);
    const before = all().length;
    await vscode.commands.executeCommand('promptWorkbench.runEvalAsBatch', workspaceFile('summarize.prompt.yml'));
    const record = await waitFor('a completed batch run record', () => all().find((r, i, list) => list.length > before && r.options.batch && r.status === 'completed'), 90000);
    assert.equal(record.results.length, 3);
    assert.ok(record.results.every((r) => r.batch && r.batch.id), 'every answer came from a batch');
    assert.equal(record.summary.passed, 2);
    assert.equal(record.summary.failed, 1);
    if (live && live.results.every((r) => !r.cacheHit)) assert.ok(Math.abs(record.summary.costUsd * 2 - live.summary.costUsd) < 1e-9, `half the live cost: ${record.summary.costUsd} vs ${live.summary.costUsd}`);
  }],
];

exports.run = async function run() {
  let failed = 0;
  for (const [name, fn] of tests) {
    try {
      await fn();
      console.log(`✔ ${name}`);
    } catch (error) {
      failed++;
      console.error(`✖ ${name}\n${error && error.stack ? error.stack : error}`);
    }
  }
  console.log(`ℹ tests ${tests.length}\nℹ pass ${tests.length - failed}\nℹ fail ${failed}`);
  if (failed) throw new Error(`${failed} of ${tests.length} in-editor tests failed`);
};
