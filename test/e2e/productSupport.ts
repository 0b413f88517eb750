// Helpers the product suites share (extension, webviews, vscodeLm, apiSuite and the large-file and
// large-run tests): packaging the extension, the examples workspace, the OpenAI-compatible test
// server, run records on disk, a few editor gestures and the Show Log responsiveness probe.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from 'playwright-core';
import { readRecord, type RunRecord } from '../../src/core/index.js';
import {
  REPO_ROOT,
  acceptQuickInput,
  activeEditor,
  chooseQuickInputRow,
  log,
  makeTempDir,
  quickInputState,
  runCommand,
  statusBarTexts,
  waitFor,
  type ActiveEditor,
  type CodeServer,
} from './harness.js';

// page.evaluate() callbacks run in the browser; the project compiles without the DOM lib (see harness.ts).
declare const document: any;

/** PW_E2E_VSIX, or a fresh `node scripts/package.mjs` into a temp folder. */
export async function productVsix(): Promise<string> {
  if (process.env.PW_E2E_VSIX) return path.resolve(process.env.PW_E2E_VSIX);
  const out = path.join(await makeTempDir('vsix'), 'prompt-workbench.vsix');
  const result = spawnSync(process.execPath, ['scripts/package.mjs', '--out', out], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `packaging failed:\n${result.stdout}\n${result.stderr}`);
  log(
    result.stdout
      .split('\n')
      .filter((l) => /^(package|smoke):/.test(l))
      .join('\n'),
  );
  return out;
}

/** A copy of examples/ without past runs, in a temp folder (copy it again per code-server start). */
export async function examplesTemplate(): Promise<string> {
  const dir = path.join(await makeTempDir('examples'), 'examples');
  await fs.cp(path.join(REPO_ROOT, 'examples'), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.prompt-workbench`) });
  return dir;
}

export interface TestServer {
  /** http://127.0.0.1:<port>/v1 */
  url: string;
  /** The control root (/__control, /__stats, /__requests). */
  control: string;
  process: ChildProcess;
  /** POST /__control: replaces the given server options (latencyMs, replies, requireApiKey…; null clears one). */
  setOptions(options: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

/** test/support/openaiServer.ts with the example reply rules, on a free port. */
export async function startTestServer(rules = 'test/fixtures/example-replies.json'): Promise<TestServer> {
  const child = spawn(process.execPath, ['out/test/support/openaiServerMain.js', '--port', '0', '--rules', rules], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the test server exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const url = (JSON.parse(line) as { url: string }).url;
  const control = url.replace(/\/v1$/, '');
  log(`test server ${url} (pid ${child.pid})`);
  return {
    url,
    control,
    process: child,
    async setOptions(options) {
      const response = await fetch(`${control}/__control`, { method: 'POST', body: JSON.stringify(options) });
      assert.equal(response.status, 200, `POST /__control ${JSON.stringify(options)}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** Run records of one prompt (workspace-relative path), newest first. */
export async function records(workspace: string, promptPath: string): Promise<RunRecord[]> {
  const dir = path.join(workspace, '.prompt-workbench', 'runs');
  const files = existsSync(dir) ? (await fs.readdir(dir)).filter((f) => /\.jsonl?$/.test(f)) : [];
  const all = await Promise.all(files.map((f) => readRecord(path.join(dir, f))));
  return all.filter((r) => r.prompt.path === promptPath).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/**
 * A palette run opens the results view beside the editor and focuses it once the run has finished
 * (after its notification and its record on disk); keys typed into a webview do not reach the
 * workbench. Waits for that view's tab, then focuses the prompt editor again and closes the other
 * editor groups – again if the view (whose focus request can arrive late on a busy machine) took
 * the focus back meanwhile – until one group is left with its text editor focused.
 */
export async function dismissResultsView(page: Page): Promise<void> {
  const groups = page.locator('.editor-group-container');
  const resultsTab = page.locator('.tabs-container .tab[aria-label^="Results: "]');
  await waitFor(async () => (await resultsTab.count()) > 0, { timeout: 30_000, describe: () => 'no results view opened' }).catch(() => log('no results view (tab "Results: …") appeared'));
  let seen: ActiveEditor | undefined;
  await waitFor(
    async () => {
      await page
        .locator('.editor-group-container .monaco-editor .view-lines')
        .first()
        .click({ position: { x: 5, y: 5 }, timeout: 5000 });
      if ((await groups.count()) >= 2) await runCommand(page, 'View: Close Editors in Other Groups');
      await page
        .locator('.quick-input-widget')
        .waitFor({ state: 'hidden', timeout: 5000 })
        .catch(() => undefined);
      seen = await activeEditor(page);
      return (await groups.count()) === 1 && seen.focused;
    },
    { timeout: 60_000, interval: 500, describe: async () => `the results view did not go away: ${await groups.count()} editor groups, active ${JSON.stringify(seen)}` },
  );
}

/**
 * Ctrl+G to a 1-based line of the active editor; checked on the status bar's "Ln <line>, Col …"
 * and made again if the keys went elsewhere (Go to Line closed, or never opened, because the
 * focus moved).
 */
export async function goToLine(page: Page, line: number): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await waitFor(
    async () => {
      await page
        .locator('.editor-group-container.active .monaco-editor .view-lines')
        .first()
        .click({ position: { x: 5, y: 5 }, timeout: 5000 });
      await page.keyboard.press('Control+G');
      if (
        !(await input.waitFor({ state: 'visible', timeout: 5000 }).then(
          () => true,
          () => false,
        ))
      )
        return false;
      await input.fill(`:${line}`, { timeout: 5000 });
      await input.press('Enter', { timeout: 5000 });
      await input.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
      const at = await waitFor(async () => (await statusBarTexts(page)).some((t) => t.startsWith(`Ln ${line}, Col `)), { timeout: 3000, describe: () => '' }).catch(() => false);
      return at && (await activeEditor(page)).focused;
    },
    {
      timeout: 45_000,
      interval: 500,
      describe: async () => `could not go to line ${line}: status bar ${JSON.stringify(await statusBarTexts(page))}, active ${JSON.stringify(await activeEditor(page))}`,
    },
  );
}

/**
 * In an open multi-select picker (Select Models…): types `filter`, ticks the row labelled `label`
 * (its checkbox, not keys: the focus may not be in the picker's box), checks that `selected` shows
 * (e.g. "1 Selected") and accepts it. The pickers that use this stay open on focus loss
 * (ignoreFocusOut), so a lost focus cannot close them first.
 */
export async function tickAndAccept(page: Page, options: { title: string; filter: string; label: string; selected: RegExp }): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await waitFor(async () => (await quickInputState(page)).title === options.title, {
    timeout: 20_000,
    describe: async () => `no picker titled ${options.title}: ${JSON.stringify(await quickInputState(page))}`,
  });
  await input.fill(options.filter, { timeout: 5000 });
  await chooseQuickInputRow(page, { title: options.title, value: options.filter, row: { label: options.label }, toggle: true, what: `${options.label} in "${options.title}"` });
  await waitFor(async () => options.selected.test(await page.locator('.quick-input-widget').innerText()), {
    timeout: 10_000,
    describe: async () => `the model was not ticked: ${JSON.stringify(await quickInputState(page))}`,
  });
  await acceptQuickInput(page, options.title, options.title);
}

/** Replaces the text of a 1-based line of the active editor (keeps its indentation). */
export async function replaceLine(page: Page, line: number, text: string): Promise<void> {
  await goToLine(page, line);
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  // insertText sends no key events: no auto-closed brackets or quotes.
  await page.keyboard.insertText(text);
}

/** Hovers the editor line containing `text` and returns the hover's text. */
export async function hoverLine(page: Page, text: string): Promise<string> {
  const line = page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: text }).first();
  return await waitFor(
    async () => {
      await page.mouse.move(0, 0);
      await line.hover({ position: { x: 40, y: 5 } });
      const hover = page.locator('.monaco-hover:visible .monaco-hover-content, .monaco-hover:visible .hover-contents').first();
      await hover.waitFor({ state: 'visible', timeout: 3000 });
      const content = (await hover.innerText()).trim();
      return content.length > 0 ? content : undefined;
    },
    { timeout: 20_000, describe: () => `no hover on the line with ${text}` },
  );
}

/** A prompt file with `rows` inline testData rows of about 300 bytes each, testData last. */
export function bigPrompt(rows: number): string {
  // About 300 bytes a row, as in the files users reported (3,000 rows, 900 KB); 5,000 rows are 1.5 MB.
  const context = 'The customer writes that the parcel arrived late and the box was damaged; they ask for a refund or a replacement';
  const lines = Array.from(
    { length: rows },
    (_, i) => `  - question: What is the capital of country number ${i}?\n    expected: City ${i}\n    context: ${context} (ticket ${i})\n    note: row ${i} of the inline test data`,
  );
  // testData last: the end of the file is the end of the last row.
  return `name: Many capitals\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: "{{question}} ({{note}})"\nevaluators:\n  - name: names the city\n    string:\n      contains: "{{expected}}"\ntestData:\n${lines.join('\n')}\n`;
}

/**
 * Keys for the responsiveness probe (timeShowLog): Show Log and hiding the panel. The palette takes
 * longer to drive than the work the probe should meet, so a command sent through it would arrive
 * after that work.
 */
export async function bindShowLogKeys(cs: CodeServer): Promise<void> {
  await fs.writeFile(
    path.join(cs.userDataDir, 'User', 'keybindings.json'),
    JSON.stringify([
      { key: 'ctrl+alt+l', command: 'promptWorkbench.showLog' },
      { key: 'ctrl+alt+k', command: 'workbench.action.closePanel' },
    ]),
  );
}

/** Whether the Output panel is showing the extension's log. */
async function logShown(page: Page): Promise<boolean> {
  return await page.evaluate(() => {
    const panel = document.querySelector('.part.panel');
    if (!panel || panel.offsetParent === null) return false;
    return [...panel.querySelectorAll('select, .monaco-select-box, .action-label')].some((el: any) => `${el.textContent ?? ''} ${el.value ?? ''}`.includes('Prompt Workbench'));
  });
}

/**
 * Show Log by its key (bindShowLogKeys): the ms until the log is on screen – how long a command of
 * the extension took to answer. The panel is hidden again after.
 */
export async function timeShowLog(page: Page, timeouts: { show: number; hide: number } = { show: 30_000, hide: 10_000 }): Promise<number> {
  const started = Date.now();
  await page.keyboard.press('Control+Alt+L');
  await waitFor(() => logShown(page), { timeout: timeouts.show, interval: 10, describe: () => 'the log did not show' });
  const took = Date.now() - started;
  await page.keyboard.press('Control+Alt+K');
  await waitFor(async () => !(await logShown(page)), { timeout: timeouts.hide, describe: () => 'the panel did not hide' });
  return took;
}
