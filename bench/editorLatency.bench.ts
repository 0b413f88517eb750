// Typing in a prompt file with 5,000 inline testData rows, in a real VS Code (code-server +
// Chromium), with the extension and without it. Prints figures and ratios; asserts nothing.
//
//   bash scripts/setup-e2e.sh && npx tsc -p tsconfig.json
//   source scripts/node-env.sh && node out/bench/editorLatency.bench.js [--rows 5000] [--keys 80] [--rounds 1]
//
// --rounds N alternates N sessions without and N with the extension and pools their keys: the
// bare editor's own p50 moves by 2× from one session to the next, more than the extension does.
//
// Measured in the page (the workbench's renderer):
//   keystroke → screen  keydown's timestamp → the editor's text DOM changed for it (the frame that
//                       paints it follows at once), per key typed 90 ms apart into the last row
//   long tasks          renderer tasks over 50 ms while typing (PerformanceObserver "longtask")
// and with the extension only, from the last keystroke of an edit:
//   diagnostic          a YAML error typed in → its squiggle is on screen; fixed → it is gone
//   row lens            a row pasted at the end → its "▶ Run case" lens is on screen
// The extension host is another process; that it stays responsive is the real-editor suite's
// test (test/e2e/largeInlineFile.test.ts).

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, makeTempDir, newPage, openFile, openWorkbench, startCodeServer, waitFor, waitForCodeLens, type CodeServer } from '../test/e2e/harness.js';
import { bigPrompt, productVsix } from '../test/e2e/productSupport.js';

// page.evaluate() callbacks run in the browser; the project compiles without the DOM lib.
declare const document: any;
declare const window: any;
declare const PerformanceObserver: any;
declare const MutationObserver: any;

const { values } = parseArgs({ options: { rows: { type: 'string', default: '5000' }, keys: { type: 'string', default: '80' }, rounds: { type: 'string', default: '1' } } });
const ROWS = Number(values.rows);
const KEYS = Number(values.keys);
const ROUNDS = Number(values.rounds);
const FILE = 'many.prompt.yml';

interface Typing {
  latencies: number[];
  longTasks: number[];
}

function stats(values: readonly number[]): { p50: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: at(50), p95: at(95), max: sorted[sorted.length - 1] };
}

function ratio(withExt: Typing, without: Typing, p: 'p50' | 'p95'): string {
  return `${(stats(withExt.latencies)[p] / stats(without.latencies)[p]).toFixed(2)}×`;
}

function describe(values: readonly number[]): string {
  const s = stats(values);
  return `p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, max ${s.max.toFixed(0)} ms (${values.length} keys)`;
}

/** Puts the cursor at the end of the last row's note (a plain scalar: every key leaves the file valid). */
async function toLastNote(page: Page): Promise<void> {
  await page.keyboard.press('Control+End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
}

async function typeAndMeasure(page: Page): Promise<Typing> {
  await page.evaluate(() => {
    const state = { latencies: [] as number[], longTasks: [] as number[], pending: [] as number[] };
    window.__pwTyping = state;
    new PerformanceObserver((list: any) => {
      for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    window.addEventListener('keydown', (event: any) => state.pending.push(event.timeStamp), true);
    const lines = document.querySelector('.monaco-editor.focused .view-lines') ?? document.querySelector('.monaco-editor .view-lines');
    new MutationObserver(() => {
      const now = performance.now();
      for (const t of state.pending.splice(0)) state.latencies.push(now - t);
    }).observe(lines, { childList: true, subtree: true, characterData: true });
  });
  const text = 'abcdefghij'.repeat(Math.ceil(KEYS / 10)).slice(0, KEYS);
  await page.keyboard.type(text, { delay: 90 });
  await page.waitForTimeout(500);
  const typing = (await page.evaluate(() => window.__pwTyping)) as Typing;
  for (let i = 0; i < KEYS; i++) await page.keyboard.press('Backspace');
  return typing;
}

/** ms from the last key of `keys` until `check` holds in the page. */
async function timeUntil(page: Page, keys: () => Promise<void>, check: () => Promise<boolean>, what: string): Promise<number> {
  await keys();
  const started = Date.now();
  await waitFor(async () => (await check()) || undefined, { timeout: 60_000, interval: 10, describe: () => what });
  return Date.now() - started;
}

const squiggle = (page: Page) => page.evaluate(() => document.querySelectorAll('.monaco-editor .squiggly-error').length > 0);

async function session(withExtension: boolean, workspace: string): Promise<{ typing: Typing; edits?: Record<string, number[]> }> {
  const vsixPath = withExtension ? await productVsix() : undefined;
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    cs = await startCodeServer({ workspace, vsixPath, trusted: true, label: withExtension ? 'latency-with' : 'latency-without', env: { OPENAI_API_KEY: 'sk-bench-unused' } });
    browser = await launchBrowser();
    const page = await newPage(browser, withExtension ? 'latency-with' : 'latency-without');
    await openWorkbench(page, cs.url, workspace, withExtension ? { waitForCommand: 'Prompt Workbench: Show Log' } : {});
    await openFile(page, FILE);
    if (withExtension) await waitForCodeLens(page, /Run eval \(/, 120_000);
    else await page.waitForTimeout(3000);
    await toLastNote(page);
    // Once to warm up (fonts, the first layout of the long line), then measured.
    await page.keyboard.type('warm up', { delay: 90 });
    for (let i = 0; i < 'warm up'.length; i++) await page.keyboard.press('Backspace');
    await page.waitForTimeout(1500);
    const typing = await typeAndMeasure(page);
    if (!withExtension) return { typing };

    const edits: Record<string, number[]> = { 'diagnostic shown': [], 'diagnostic cleared': [], 'row lens shown': [] };
    for (let round = 0; round < 3; round++) {
      await page.waitForTimeout(1500);
      edits['diagnostic shown'].push(
        await timeUntil(
          page,
          () => page.keyboard.type(': broken', { delay: 40 }),
          () => squiggle(page),
          'no squiggle for the YAML error',
        ),
      );
      edits['diagnostic cleared'].push(
        await timeUntil(
          page,
          async () => {
            for (let i = 0; i < ': broken'.length; i++) await page.keyboard.press('Backspace');
          },
          async () => !(await squiggle(page)),
          'the squiggle stayed after the fix',
        ),
      );
    }
    for (let round = 0; round < 3; round++) {
      await page.waitForTimeout(1500);
      await page.keyboard.press('Control+End');
      const row = `  - question: What is the capital of pasted country ${round}?\n    expected: Pasted ${round}\n    context: pasted\n    note: pasted row ${round}\n`;
      await page.evaluate((text: string) => (globalThis as any).navigator.clipboard.writeText(text), row);
      edits['row lens shown'].push(
        await timeUntil(
          page,
          () => page.keyboard.press('Control+V'),
          () =>
            page.evaluate((round: number) => {
              // The lens right above the pasted row's first line (the editor renders spaces as no-break spaces).
              const line = [...document.querySelectorAll('.monaco-editor .view-line')].find((l: any) => l.textContent.replace(/\s+/g, ' ').includes(`pasted country ${round}?`));
              if (!line) return false;
              const top = line.getBoundingClientRect().top;
              return [...document.querySelectorAll('.monaco-editor .codelens-decoration')].some((l: any) => {
                const gap = top - l.getBoundingClientRect().bottom;
                return l.textContent.trim() === '▶ Run case' && gap >= -1 && gap < 30;
              });
            }, round),
          'no lens above the pasted row',
        ),
      );
    }
    return { typing, edits };
  } finally {
    await browser?.close();
    await cs?.stop();
  }
}

async function main(): Promise<void> {
  const root = await makeTempDir('editor-latency');
  const workspace = path.join(root, 'repo');
  await fs.mkdir(workspace, { recursive: true });
  const text = bigPrompt(ROWS);
  await fs.writeFile(path.join(workspace, FILE), text);
  console.log(`editor latency bench: ${FILE}, ${ROWS} inline rows, ${(text.length / 1e6).toFixed(1)} MB; ${KEYS} keys typed 90 ms apart into the last row`);
  // Without first: the extension's session then runs on a machine that has done the same work once.
  const without: Typing[] = [];
  const withExt: Array<{ typing: Typing; edits?: Record<string, number[]> }> = [];
  for (let round = 0; round < ROUNDS; round++) {
    without.push((await session(false, workspace)).typing);
    withExt.push(await session(true, workspace));
    if (ROUNDS > 1) console.log(`  round ${round + 1}: p50 ratio ${ratio(withExt[round].typing, without[round], 'p50')}, p95 ratio ${ratio(withExt[round].typing, without[round], 'p95')}`);
  }
  const pooled = (typings: readonly Typing[]): Typing => ({ latencies: typings.flatMap((t) => t.latencies), longTasks: typings.flatMap((t) => t.longTasks) });
  const a = pooled(without);
  const b = pooled(withExt.map((w) => w.typing));
  const all = ROUNDS > 1 ? ` (${ROUNDS} rounds pooled)` : '';
  console.log(`  keystroke → screen, without the extension  ${describe(a.latencies)}${all}`);
  console.log(`  keystroke → screen, with the extension     ${describe(b.latencies)}${all}`);
  console.log(`  ratio with / without                       p50 ${ratio(b, a, 'p50')}, p95 ${ratio(b, a, 'p95')}`);
  const tasks = (t: Typing) => `${t.longTasks.length} (${t.longTasks.reduce((x, y) => x + y, 0).toFixed(0)} ms in all, longest ${Math.max(0, ...t.longTasks).toFixed(0)} ms)`;
  console.log(`  renderer long tasks while typing           without ${tasks(a)}; with ${tasks(b)}`);
  const edits: Record<string, number[]> = {};
  for (const w of withExt) for (const [name, times] of Object.entries(w.edits ?? {})) (edits[name] ??= []).push(...times);
  for (const [name, times] of Object.entries(edits)) console.log(`  ${`${name}, after the last key`.padEnd(42)} ${times.map((t) => `${t} ms`).join(', ')}`);
  await fs.rm(root, { recursive: true, force: true });
}

await main();
