// Review in the results view, in a real VS Code (code-server + Chromium) with the packaged
// extension, against the OpenAI-compatible test server with test/fixtures/example-replies.json:
// a person overrides a verdict (with a note) and accepts an output as the row's expected answer;
// the run record on disk gains the review, the view and the row's inline result show it, and the
// dataset file changes in that row only.
//
//   bash scripts/test-e2e.sh out/test/e2e/review.test.js

import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import type { RunRecord } from '../../src/core/record/types.js';
import {
  copyWorkspace,
  editorDecorations,
  launchBrowser,
  newPage,
  openFile,
  openWorkbench,
  quickInputState,
  runCommand,
  screenshot,
  startCodeServer,
  step,
  waitFor,
  type CodeServer,
} from './harness.js';
import { examplesTemplate, productVsix, records as promptRecords, startTestServer, type TestServer } from './productSupport.js';

declare const document: any;

const CAPITALS = 'capitals.prompt.yml';
const DATASET = 'datasets/capitals.jsonl';
const MODEL = 'openai/gpt-4o-mini';
const NOTE = 'Sydney is what our users call it';

let browser: Browser;
let server: TestServer;
let cs: CodeServer;
let page: Page;
let workspace: string;

before(async () => {
  const vsix = await productVsix();
  server = await startTestServer();
  workspace = await copyWorkspace(await examplesTemplate());
  cs = await startCodeServer({
    workspace,
    vsixPath: vsix,
    trusted: true,
    label: 'review',
    env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-e2e-review-0000' },
    userSettings: { 'promptWorkbench.cache': false, 'workbench.editor.enablePreview': false },
  });
  browser = await launchBrowser();
  page = await newPage(browser, 'review');
  await openWorkbench(page, cs.url, workspace, { waitForCommand: 'Prompt Workbench: Open Results' });
});

after(async () => {
  await browser?.close();
  await cs?.stop();
  await server?.stop();
});

test('results view: override a verdict with a note, accept an output as expected; record, view, decoration and dataset follow', { timeout: 400_000 }, async () => {
  const datasetBefore = await fs.readFile(path.join(workspace, DATASET), 'utf8');
  const record = await step(page, 'review-run', async () => {
    await openFile(page, CAPITALS);
    await runCommand(page, 'Prompt Workbench: Run Eval');
    return await waitFor(async () => (await records()).find((r) => r.status === 'completed'), { timeout: 90_000, describe: () => 'no completed run record' });
  });
  // Australia on gpt-4o-mini answers "Sydney" (test/fixtures/example-replies.json): failed automatically.
  const target = record.results.find((r) => r.caseId === 'australia' && r.model === MODEL)!;
  assert.equal(target.status, 'failed');
  const frame = await viewFrame();

  await step(page, 'review-mark-pass', async () => {
    await openRow(frame);
    await frame.locator('.details-actions vscode-button', { hasText: 'Mark pass' }).click();
    await waitFor(async () => (await quickInputState(page)).visible || undefined, { timeout: 20_000, describe: () => 'no note box after Mark pass' });
    await page.keyboard.type(NOTE);
    await page.keyboard.press('Enter');
    const reviewed = await waitFor(async () => (await records()).find((r) => r.id === record.id && r.reviews?.length), { timeout: 20_000, describe: () => 'the record has no review' });
    assert.deepEqual(
      reviewed.reviews!.map(({ at: _at, ...rest }) => rest),
      [{ caseId: 'australia', model: MODEL, repeat: 0, verdict: 'pass', note: NOTE }],
    );
    assert.deepEqual(reviewed.summary, record.summary, 'the automatic summary is untouched');
    const cell = await waitFor(
      async () => {
        const text = await resultCell(frame);
        return text.includes('reviewed ✓') ? text : undefined;
      },
      { timeout: 20_000, describe: async () => `the Result cell shows no review: ${await resultCell(frame)}` },
    );
    assert.equal(cell, '✗ failed · reviewed ✓');
    const cards = await frame.evaluate(() => document.querySelector('.summary-slot')?.textContent ?? '');
    assert.match(cards, /Reviewed pass rate/);
    // The details come from the host after the rows do.
    await waitFor(async () => ((await frame.locator('.details').textContent()) ?? '').includes(NOTE), {
      timeout: 20_000,
      describe: async () => `the details show no note: ${await frame.locator('.details').textContent()}`,
    });
    await screenshot(page, 'review-marked');
  });

  await step(page, 'review-accept-expected', async () => {
    await openRow(frame);
    await frame.locator('.details-actions vscode-button', { hasText: 'Accept output as expected' }).click();
    const after = await waitFor(
      async () => {
        const text = await fs.readFile(path.join(workspace, DATASET), 'utf8');
        return text !== datasetBefore ? text : undefined;
      },
      { timeout: 30_000, describe: () => 'the dataset file did not change' },
    );
    const before = datasetBefore.split('\n');
    const now = after.split('\n');
    assert.equal(now.length, before.length);
    const line = before.findIndex((l) => l.includes('"australia"'));
    for (const [i, text] of now.entries()) if (i !== line) assert.equal(text, before[i], `line ${i + 1} is unchanged`);
    assert.deepEqual(JSON.parse(now[line]), { _id: 'australia', country: 'Australia', expected: target.output });
  });

  await step(page, 'review-decoration', async () => {
    await openFile(page, DATASET);
    const line = datasetBefore.split('\n').findIndex((l) => l.includes('"australia"')) + 1;
    const text = await waitFor(
      async () => {
        const found = (await editorDecorations(page)).find((d) => d.line === line && d.kind === 'text' && /^[✓✗]/.test(d.text));
        return found?.text.includes('reviewed ✓') ? found.text : undefined;
      },
      { timeout: 30_000, describe: async () => `no reviewed decoration on line ${line}: ${JSON.stringify(await editorDecorations(page))}` },
    );
    assert.match(text, /^✗ .* · reviewed ✓/);
    await screenshot(page, 'review-decoration');
  });
});

async function records(): Promise<RunRecord[]> {
  return await promptRecords(workspace, CAPITALS);
}

async function viewFrame(): Promise<Frame> {
  return await waitFor(
    async () => {
      for (const frame of page.frames()) {
        const h1 = await frame.evaluate(() => document.querySelector('.view-header h1')?.textContent ?? null).catch(() => null);
        const rows = await frame.evaluate(() => document.querySelectorAll('.grid-row').length).catch(() => 0);
        if (h1 === 'Capital cities' && rows > 0) return frame;
      }
      return undefined;
    },
    { timeout: 60_000, describe: () => 'no results view of Capital cities' },
  );
}

function australiaRow(frame: Frame) {
  return frame.locator('.grid-row:not([hidden])', { hasText: 'australia' }).filter({ hasText: 'gpt-4o-mini' }).first();
}

async function openRow(frame: Frame): Promise<void> {
  await australiaRow(frame).click();
  await frame.locator('.details-actions').waitFor({ state: 'visible', timeout: 20_000 });
}

async function resultCell(frame: Frame): Promise<string> {
  return (await australiaRow(frame).locator('.grid-cell').nth(2).locator('.cell-main').textContent()) ?? '';
}
