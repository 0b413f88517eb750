// Helpers the product suites share (extension, webviews, vscodeLm and apiSuite tests): packaging the
// extension, the examples workspace, the OpenAI-compatible test server, run records on disk, and a
// few editor gestures.

import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from 'playwright-core';
import { readRecord, type RunRecord } from '../../src/core/index.js';
import { REPO_ROOT, log, makeTempDir, runCommand, waitFor } from './harness.js';

/** PW_E2E_VSIX, or a fresh `node scripts/package.mjs` into a temp folder. */
export async function productVsix(): Promise<string> {
  if (process.env.PW_E2E_VSIX) return path.resolve(process.env.PW_E2E_VSIX);
  const out = path.join(await makeTempDir('vsix'), 'prompt-workbench.vsix');
  const result = spawnSync(process.execPath, ['scripts/package.mjs', '--out', out], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `packaging failed:\n${result.stdout}\n${result.stderr}`);
  log(result.stdout.split('\n').filter((l) => /^(package|smoke):/.test(l)).join('\n'));
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
  log(`test server ${url} (pid ${child.pid})`);
  return {
    url,
    control: url.replace(/\/v1$/, ''),
    process: child,
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
 * A palette run opens the results view beside the editor and focuses it; keys typed into a webview
 * do not reach the workbench. Focus the prompt editor again and close the other editor groups.
 */
export async function dismissResultsView(page: Page): Promise<void> {
  const groups = page.locator('.editor-group-container');
  await waitFor(async () => (await groups.count()) >= 2, { timeout: 10_000, describe: () => 'no results view opened' }).catch(() => log('no second editor group (results view) appeared'));
  await page.locator('.editor-group-container .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
  if ((await groups.count()) >= 2) await runCommand(page, 'View: Close Editors in Other Groups');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' }).catch(() => undefined);
}

/** Ctrl+G to a 1-based line of the active editor. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
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
  return await waitFor(async () => {
    await page.mouse.move(0, 0);
    await line.hover({ position: { x: 40, y: 5 } });
    const hover = page.locator('.monaco-hover:visible .monaco-hover-content, .monaco-hover:visible .hover-contents').first();
    await hover.waitFor({ state: 'visible', timeout: 3000 });
    const content = (await hover.innerText()).trim();
    return content.length > 0 ? content : undefined;
  }, { timeout: 20_000, describe: () => `no hover on the line with ${text}` });
}
