// Typing in a prompt file with 5,000 inline testData rows must not hold the extension host: the file
// is parsed and checked in the analysis worker, so a command of the extension answers within a
// second throughout, while the CodeLens and the Problems keep up with the text.
//
//   bash scripts/setup-e2e.sh && npx tsc -p tsconfig.json
//   source scripts/node-env.sh && node --test out/test/e2e/largeInlineFile.test.js

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  codeLensTexts,
  launchBrowser,
  log,
  makeTempDir,
  ms,
  newPage,
  openFile,
  openWorkbench,
  problems,
  sleep,
  startCodeServer,
  step,
  waitFor,
  waitForCodeLens,
  waitForQuietEditor,
  type CodeServer,
  type Problem,
} from './harness.js';
import { bigPrompt, bindShowLogKeys, productVsix, timeShowLog } from './productSupport.js';

// page.evaluate() callbacks run in the browser; the project compiles without the DOM lib (see harness.ts).
declare const document: any;

const ROWS = 5000;
/** How long a command of the extension may take to answer while the file is typed in. */
const ANSWER_MS = 1000;
/** The last row's `note:` line (1-based): nine lines of header, then four per row. */
const LAST_LINE = 10 + ROWS * 4;

let browser: Browser;
let cs: CodeServer;
let page: Page;
let workspace: string;

before(async () => {
  const vsix = await productVsix();
  workspace = path.join(await makeTempDir('large-inline'), 'repo');
  await fs.mkdir(workspace, { recursive: true });
  await fs.writeFile(path.join(workspace, 'many.prompt.yml'), bigPrompt(ROWS));
  spawnSync('git', ['init', '-q'], { cwd: workspace });
  cs = await startCodeServer({ workspace, vsixPath: vsix, trusted: true, label: 'large-inline', env: { OPENAI_API_KEY: 'sk-e2e-unused' } });
  await bindShowLogKeys(cs);
  browser = await launchBrowser();
  page = await newPage(browser, 'large-inline');
  await openWorkbench(page, cs.url, workspace, { waitForCommand: 'Prompt Workbench: Show Log' });
});

after(async () => {
  await browser?.close();
  await cs?.stop();
});

test(`typing in a file of ${ROWS} inline rows keeps the extension host responsive`, { timeout: 600_000 }, async () => {
  await step(page, 'large-file-analysed', async () => {
    await openFile(page, 'many.prompt.yml');
    await waitForCodeLens(page, /Run eval \(5,000 cases/, ms(120_000));
  });

  const answers: number[] = [];
  await step(page, 'type-and-ask', async () => {
    // The last row's note: a plain scalar, so every keystroke leaves the file valid and re-checked.
    await page.keyboard.press('Control+End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    // Once before timing: the workbench builds the Output view the first time it is shown.
    await timeShowLog(page);
    // The editor tokenizes the 20,000 lines in the background for a while after opening them, with
    // or without the extension; on a busy machine a key pressed meanwhile waits behind that.
    log(`the editor settled in ${await waitForQuietEditor(page, { timeout: ms(60_000) })} ms`);
    for (let round = 0; round < 6; round++) {
      await page.keyboard.type(` edit${round}`, { delay: 40 });
      // The check of the new text starts after a 120 ms typing pause and the estimate after 500 ms:
      // the rounds ask 80 … 480 ms after the last key, before, while and after they run.
      await sleep(80 + round * 80);
      answers.push(await timeShowLog(page));
      log(`round ${round}: Show Log answered in ${answers.at(-1)} ms`);
    }
  });
  log(`Show Log answers while typing: ${answers.join(', ')} ms`);
  assert.ok(
    answers.every((a) => a <= ANSWER_MS),
    `every answer within ${ANSWER_MS} ms, got ${answers.join(', ')} ms`,
  );

  await step(page, 'analysis-keeps-up', async () => {
    // The edits are in the last row's note: still 5,000 cases, and no problems.
    await waitForCodeLens(page, /Run eval \(5,000 cases/, ms(60_000));
    await page.keyboard.type(': broken', { delay: 20 });
    let seen: Problem[] = [];
    await waitFor(async () => (seen = await problems(page)).some((p) => p.file === 'many.prompt.yml' && new RegExp(`${LAST_LINE}`).test(p.text)), {
      timeout: ms(60_000),
      describe: () => `the YAML error on line ${LAST_LINE} was not reported: ${JSON.stringify(seen)}`,
    });
    // Problems took the focus; back to the editor, where the cursor still ends the note.
    await openFile(page, 'many.prompt.yml');
    for (let i = 0; i < ': broken'.length; i++) await page.keyboard.press('Backspace');
    await waitForCodeLens(page, /Run eval \(5,000 cases/, ms(60_000));
  });

  await step(page, 'pasted-row-gets-its-lens', async () => {
    // Issue 18.13: a row pasted at the end (one edit, no keystroke after it) gets its "▶ Run case".
    await page.keyboard.press('Control+End');
    const row = '  - question: What is the capital of the pasted country?\n    expected: Pasted City\n    context: pasted\n    note: the pasted row\n';
    await page.evaluate((text: string) => (globalThis as any).navigator.clipboard.writeText(text), row);
    await page.keyboard.press('Control+V');
    await waitFor(pastedRowHasLens, { timeout: ms(30_000), describe: async () => `no "▶ Run case" above the pasted row: ${JSON.stringify(await pastedRowHasLens(true))}` });
    // The prompt's lens at the top of the file counts it (VS Code refreshes only the lenses in view).
    await page.keyboard.press('Control+Home');
    let top: string[] = [];
    await waitFor(async () => (top = (await codeLensTexts(page)).filter((t) => t.includes('Run eval'))).some((t) => t.includes('5,001 cases')), {
      timeout: ms(30_000),
      describe: () => `the prompt lens does not count the pasted row: ${JSON.stringify(top)}`,
    });
  });
});

/** Whether a "▶ Run case" lens sits right above the pasted row's first line (or, when `explain`, what is on screen). */
async function pastedRowHasLens(explain = false): Promise<unknown> {
  return await page.evaluate((explain: boolean) => {
    // The editor renders spaces as no-break spaces.
    const line = [...document.querySelectorAll('.monaco-editor .view-line')].find((l: any) => l.textContent.replace(/\s+/g, ' ').includes('the pasted country'));
    const lenses = [...document.querySelectorAll('.monaco-editor .codelens-decoration')].filter((l: any) => l.textContent.trim() === '▶ Run case');
    const lineTop = line?.getBoundingClientRect().top;
    const above = line ? lenses.map((l: any) => lineTop - l.getBoundingClientRect().bottom).filter((gap: number) => Math.abs(gap) < 200) : [];
    if (explain) return { lineFound: !!line, lensesShown: lenses.length, gapsAboveLine: above };
    return !!line && above.some((gap: number) => gap >= -1 && gap < 30);
  }, explain);
}
