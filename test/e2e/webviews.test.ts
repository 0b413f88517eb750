// The results and comparison webviews in a real VS Code (code-server + Chromium), installed from the
// .vsix scripts/package.mjs builds, against the OpenAI-compatible test server with the reply rules
// of test/fixtures/example-replies.json, on a git repository made from examples/.
//
//   bash scripts/setup-e2e.sh && npx tsc -p tsconfig.json
//   source scripts/node-env.sh && node --test out/test/e2e/webviews.test.js
//
// PW_E2E_VSIX=<file> reuses a packaged extension instead of packaging one.
// Every view is opened from the command palette; its rows, cells and summary numbers are checked
// against the run records on disk (computed here from the records, not read back from the view's
// code). A screenshot of each view goes to the harness's artifacts folder and, with
// PW_UPDATE_SCREENSHOTS=1, to docs/screenshots/ (the README shows them).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { mcnemarExact } from '../../src/core/stats.js';
import type { CaseResult, GroupSummary, RunRecord } from '../../src/core/record/types.js';
import { runLabel } from '../../src/extension/viewCommands/recordName.js';
import { usd } from '../../src/shared/format.js';
import {
  QuickInputClosedError,
  REPO_ROOT,
  acceptQuickInput,
  activeEditor,
  chooseQuickInputRow,
  copyWorkspace,
  launchBrowser,
  log,
  newPage,
  openFile,
  openWorkbench,
  quickInputState,
  retryClosedPicker,
  runCommand,
  screenshot,
  startCodeServer,
  step,
  waitFor,
  waitForCommand,
  waitForNotification,
  type ActiveEditor,
  type CodeServer,
} from './harness.js';
import { dismissResultsView, examplesTemplate, hoverLine, productVsix, records as promptRecords, startTestServer, type TestServer } from './productSupport.js';

// The page callbacks run in the browser; the project compiles without the DOM lib.
declare const document: any;
declare function getComputedStyle(element: any): any;

const API_KEY = 'sk-e2e-webview-sentinel-5f1d2c3b4a';
const DOCS_SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const CAPITALS = 'capitals.prompt.yml';
const M1 = 'openai/gpt-4o-mini';
const M2 = 'openai/gpt-4.1-mini';
const XSS_OUTPUT = `<img src=x onerror="document.title='pwned'">Nairobi`;
/** The webview page's own <title> (html.ts); an executed onerror would change it. */
const WEBVIEW_TITLE = 'Prompt Workbench';

// The working copy asks differently; these replies (tried before the fixture's) make the new wording
// fix three cases and break one, so the version comparison has every kind of change.
const WORKING_USER_MESSAGE = 'Name the capital of {{country}}.';
const WORKING_REPLIES = [
  { model: '^gpt-4o-mini$', match: 'Name the capital of Australia', reply: 'Canberra' },
  { model: '^gpt-4o-mini$', match: 'Name the capital of Kenya', reply: 'Nairobi' },
  { model: '^gpt-4\\.1-mini$', match: 'Name the capital of Canada', reply: 'Ottawa' },
  { model: '^gpt-4\\.1-mini$', match: 'Name the capital of Japan', reply: 'Kyoto' },
];

let browser: Browser;
let server: TestServer;
let cs: CodeServer;
let page: Page;
let workspace: string;

before(async () => {
  const vsix = await productVsix();
  server = await startTestServer();
  workspace = await copyWorkspace(await makeRepository());
  cs = await startCodeServer({
    workspace,
    vsixPath: vsix,
    trusted: true,
    label: 'webviews',
    env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: API_KEY },
    // No response cache, so every run reaches the server and has latencies to show.
    userSettings: { 'promptWorkbench.cache': false, 'workbench.editor.enablePreview': false, 'diffEditor.useInlineViewWhenSpaceIsLimited': false },
  });
  browser = await launchBrowser();
  page = await newPage(browser, 'webviews');
  await openWorkbench(page, cs.url, workspace, { waitForCommand: 'Prompt Workbench: Open Results' });
});

after(async () => {
  await browser?.close();
  await cs?.stop();
  await server?.stop();
});

test('results view: rows, cells and totals match the run record; model output is text', { timeout: 300_000 }, async () => {
  const record = await step(page, 'results-run-eval', async () => {
    await openPrompt();
    const known = new Set((await records()).map((r) => r.id));
    await runCommand(page, 'Prompt Workbench: Run Eval');
    const finished = await waitFor(async () => (await records()).find((r) => !known.has(r.id) && r.status === 'completed'), {
      timeout: 60_000,
      describe: () => 'no completed capitals run record appeared',
    });
    // The palette run reveals the results view when it finishes.
    await viewFrame('Capital cities', (f) => rowCount(f, finished.results.length));
    return finished;
  });

  const frame = await viewFrame('Capital cities');
  await step(page, 'results-rows-and-cells', async () => {
    const { headers, rows } = await readGrid(frame);
    assert.deepEqual(headers, ['Case', 'Model', 'Result', 'Vars', 'Output', 'names the capital', 'one word', 'short answer', 'Tokens', 'Latency', 'Cost', 'Cache', 'Error']);
    const expected = inDatasetOrder(record).map((r) => [
      r.caseId,
      r.model,
      r.status === 'passed' ? '✓ passed' : '✗ failed',
      `country=${record.cases.find((c) => c.id === r.caseId)!.vars.country}; expected=${record.cases.find((c) => c.id === r.caseId)!.vars.expected}`,
      r.output!,
      ...r.evaluations.map((v) => `${v.passed ? '✓' : '✗'} ${v.reason}`),
      `${r.usage!.inputTokens} / ${r.usage!.outputTokens}`,
      `${r.latencyMs} ms`,
      usd(producedCost(r)),
      r.cacheHit ? 'hit' : '',
      '',
    ]);
    assert.deepEqual(
      rows.map((r) => r.main),
      expected,
    );
  });

  await step(page, 'results-totals', async () => {
    const totals = await readTotals(frame);
    const s = record.summary;
    assert.equal(totals[0], `Totals\n${record.results.length} results`);
    assert.equal(totals[2], `${s.passed}/${s.passed + s.failed + s.errored} · ${percent(s.passRate)}\n95% CI ${interval(s.passRateInterval!)}`);
    assert.equal(totals[8], `${s.inputTokens} / ${s.outputTokens}`);
    assert.equal(totals[9], `p50 ${Math.round(s.latencyMs!.p50)} ms\np95 ${Math.round(s.latencyMs!.p95)} ms`);
    assert.equal(totals[10], `${usd(s.costUsd + (s.cachedCostUsd ?? 0))}\n${usd(s.costPerPassingCase)}/pass`);
  });
  await shoot('results');

  await step(page, 'results-output-is-text', async () => {
    const kenya = await frame.evaluate(() => {
      const row = [...document.querySelectorAll('.grid-row:not([hidden])')].find(
        (r: any) => r.querySelector('.cell-main')?.textContent === 'kenya' && r.children[1].textContent.includes('gpt-4o-mini'),
      );
      return {
        text: row?.children[4].querySelector('.cell-main').textContent,
        elements: row?.children[4].querySelectorAll('*').length,
        imgs: document.querySelectorAll('img').length,
        title: document.title,
      };
    });
    assert.equal(kenya.text, XSS_OUTPUT, 'the output is shown as its literal text');
    assert.equal(kenya.elements, 2, 'the output cell holds only its two text spans');
    assert.equal(kenya.imgs, 0, 'no <img> element anywhere in the webview');
    assert.equal(kenya.title, WEBVIEW_TITLE, 'no onerror handler ran');
    assert.notEqual(await page.title(), 'pwned');
    // The details pane shows the whole output, as text too.
    await frame.locator('.grid-row:not([hidden])', { hasText: XSS_OUTPUT }).first().click();
    const details = await frame.locator('.details pre.output').first().textContent();
    assert.equal(details, XSS_OUTPUT);
    assert.equal(await frame.evaluate(() => document.querySelectorAll('img').length), 0);
    await assertNoSecret();
  });

  await step(page, 'results-filters-and-sort', async () => {
    await frame.locator('#filter-failed').click();
    const failed = record.results.filter((r) => r.status !== 'passed');
    await rowCount(frame, failed.length);
    assert.equal(await frame.locator('.row-count').textContent(), `${failed.length} of ${record.results.length} results`);
    assert.deepEqual((await readTotals(frame))[2].split('\n')[0], `0/${failed.length} · 0.0%`);
    await frame.locator('.sort-button', { hasText: 'Latency' }).click();
    await frame.locator('.sort-button', { hasText: 'Latency' }).click();
    const slowestFirst = [...failed].sort((a, b) => b.latencyMs - a.latencyMs).map((r) => `${r.latencyMs} ms`);
    await gridColumnIs(frame, 9, slowestFirst, 'failed results, slowest first');
    await frame.locator('#filter-failed').click();
    await rowCount(frame, record.results.length);
    // A third click on a sorted column goes back to the dataset order.
    await frame.locator('.sort-button', { hasText: 'Latency' }).click();
    await gridColumnIs(
      frame,
      0,
      inDatasetOrder(record).map((r) => r.caseId),
      'every result in dataset order',
    );
  });

  await step(page, 'results-export', async () => {
    const csvFile = await exportTo(frame, '#export-csv', `${record.id}-results.csv`);
    const csv = await fs.readFile(csvFile, 'utf8');
    assert.ok(csv.startsWith('\ufeffcase id,case,model,status,'));
    assert.equal(csv.trim().split('\r\n').length, record.results.length + 1);
    assert.ok(csv.includes(`"${XSS_OUTPUT.replace(/"/g, '""')}"`));
    const htmlFile = await exportTo(frame, '#export-html', `${record.id}-results.html`);
    const html = await fs.readFile(htmlFile, 'utf8');
    assert.ok(!/<script|<img/i.test(html), 'the report has no script and the output no <img> element');
    assert.ok(html.includes('&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;Nairobi'));
  });

  await step(page, 'results-keyboard', async () => {
    // The grid is one tab stop; arrows move the active row, Enter opens its details, Escape closes them.
    // Keys go where the focus is: the grid must have it (the webview's frame focused) before each
    // gesture. If the focus left the webview meanwhile, the gesture is made again; if the grid kept
    // the focus and the view did not answer, that is a failure.
    const third = inDatasetOrder(record)[2];
    const gridFocused = () => frame.evaluate(() => document.hasFocus() && document.activeElement?.classList.contains('grid') === true).catch(() => false);
    await retryKeyboardGesture('arrows and Enter in the grid', gridFocused, async () => {
      await frame.locator('.grid').focus();
      await waitFor(gridFocused, { timeout: 5000, describe: () => 'the grid did not take the focus' });
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await waitFor(
        async () =>
          (await frame
            .locator('.details h2')
            .textContent()
            .catch(() => '')) === `${third.caseId} · ${third.model}`,
        {
          timeout: 10_000,
          describe: async () =>
            `details show ${JSON.stringify(
              await frame
                .locator('.details h2')
                .textContent()
                .catch(() => null),
            )}`,
        },
      );
    });
    assert.equal(await frame.locator('.grid').getAttribute('aria-activedescendant'), 'pw-row-2');
    const detailsFocused = () => frame.evaluate(() => document.hasFocus()).catch(() => false);
    await retryKeyboardGesture('Escape in the details', detailsFocused, async () => {
      await page.keyboard.press('Escape');
      await waitFor(async () => (await frame.locator('.details').count()) === 0, { timeout: 5000, describe: () => 'Escape did not close the details' });
    });
  });

  await step(page, 'results-live-update', async () => {
    // Slow answers, so the run is visibly in progress: the open view follows it and fills in live.
    await server.setOptions({ latencyMs: 1500 });
    try {
      await openPrompt();
      await runCommand(page, 'Prompt Workbench: Run Eval');
      const live = await viewFrame('Capital cities', async (f) => {
        const badge =
          (await f
            .locator('.badge.running')
            .textContent()
            .catch(() => '')) ?? '';
        const rows = await visibleRowCount(f);
        return /^running… \d+\/12$/.test(badge) && rows > 0 && rows < 12 ? { badge, rows } : false;
      });
      const seen = await live.evaluate(() => document.querySelector('.badge.running')?.textContent);
      log(`live: ${seen}`);
      const done = (await records())[0];
      await waitFor(async () => (await records())[0].status === 'completed', { timeout: 60_000, describe: () => 'the slow run did not complete' });
      const finished = (await records())[0];
      assert.equal(finished.id, done.id);
      await viewFrame('Capital cities', async (f) => (await subtitle(f)).includes(started(finished)) && (await rowCount(f, 12)) && f.evaluate(() => !document.querySelector('.badge.running')));
    } finally {
      await server.setOptions({ latencyMs: 0 });
    }
  });
});

test('compare models: one column per model, headers and cells from the record, disagreements highlighted', { timeout: 300_000 }, async () => {
  const record = await step(page, 'models-run', async () => {
    const known = new Set((await records()).map((r) => r.id));
    await retryClosedPicker('compare models', async () => {
      await openPrompt();
      await runCommand(page, 'Prompt Workbench: Compare Models…');
      // Both of the prompt's models are preselected; accept them once the list has settled.
      const title = /^Compare models: 2 selected$/;
      for (const model of [M1, M2]) {
        const row = await chooseQuickInputRow(page, { title, row: { label: model }, click: false, what: `${model} in the model picker` });
        assert.equal(row.checked, true, `${model} is preselected`);
      }
      await acceptQuickInput(page, 'the model picker', title);
    });
    const finished = await waitFor(async () => (await records()).find((r) => !known.has(r.id) && r.status === 'completed'), {
      timeout: 60_000,
      describe: () => 'no completed compare-models record appeared',
    });
    return finished;
  });
  const frame = await viewFrame('Compare models: Capital cities', (f) => rowCount(f, record.cases.length).then(() => f.evaluate(() => !document.querySelector('.badge.running:not([hidden])'))));

  await step(page, 'models-headers', async () => {
    const { headers, subtitles } = await readGrid(frame);
    assert.deepEqual(headers, ['Case', 'Vars', M1, M2]);
    assert.deepEqual(
      subtitles.slice(2),
      [M1, M2].map((m) => headerLine(record.summary.byModel[m])),
    );
  });

  await step(page, 'models-cells-and-disagreements', async () => {
    const { rows } = await readGrid(frame);
    assert.deepEqual(
      rows.map((r) => r.main[0]),
      record.cases.map((c) => c.id),
    );
    for (const [i, c] of record.cases.entries()) {
      const results = [M1, M2].map((m) => record.results.find((r) => r.caseId === c.id && r.model === m)!);
      const disagree = results[0].status !== results[1].status;
      assert.equal(rows[i].sub[0], disagree ? '≠ models disagree' : '', `case ${c.id}`);
      assert.equal(rows[i].changed, disagree, `case ${c.id} is highlighted`);
      results.forEach((r, m) => {
        assert.equal(rows[i].main[2 + m], r.output);
        const cached = r.cacheHit || r.cachedCostUsd !== undefined ? ' (cached)' : '';
        assert.equal(rows[i].sub[2 + m], `${r.status === 'passed' ? '✓ passed' : '✗ failed'} · ${r.latencyMs} ms · ${usd(producedCost(r))}${cached}`);
      });
    }
    assert.deepEqual(
      rows.filter((r) => r.changed).map((r) => r.main[0]),
      ['australia', 'canada', 'kenya'],
    );
    await frame.locator('#filter-changed').click();
    await rowCount(frame, 3);
    await frame.locator('#filter-changed').click();
    await rowCount(frame, record.cases.length);
    await assertNoSecret();
  });

  await shoot('compare-models');

  await step(page, 'models-docked-narrow', async () => {
    // Issue 18.12: the view docked beside the editor in a narrow window. Model ids that share their
    // start ("openai/gpt-4…") keep their distinguishing end in sight, the full id on hover, and the
    // totals label stays inside its cell.
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: 760, height: size.height });
    try {
      const heads = await waitFor(
        async () => {
          const read = await narrowHeads(frame);
          // The longer id no longer fits its column: the layout is narrow enough to cut.
          return read.length === 2 && read.some((h) => h.cut) ? read : undefined;
        },
        { timeout: 15_000, describe: async () => `model headers are not cut in a narrow panel: ${JSON.stringify(await narrowHeads(frame))}` },
      );
      for (const [i, model] of [M1, M2].entries()) {
        assert.equal(heads[i].hover, `Sort by ${model}`, 'the full id on hover');
        assert.ok(model.endsWith(heads[i].tail) && heads[i].tail.length >= 8, `${model}: its end ${JSON.stringify(heads[i].tail)} is shown whole`);
        assert.ok(heads[i].tailInside, `${model}: its end lies inside the header cell`);
      }
      assert.notEqual(heads[0].tail, heads[1].tail, 'the two models read differently');
      const label = await frame.evaluate(() => {
        const cell = document.querySelector('.grid-foot .grid-cell');
        const main = cell.querySelector('.cell-main');
        const range = document.createRange();
        range.selectNodeContents(main);
        return { text: main.textContent, textRight: range.getBoundingClientRect().right, cellRight: cell.getBoundingClientRect().right };
      });
      assert.equal(label.text, 'Totals');
      assert.ok(label.textRight <= label.cellRight + 0.5, `the totals label ends inside its cell: ${JSON.stringify(label)}`);
      await screenshot(page, 'compare-models-narrow');
    } finally {
      await page.setViewportSize(size);
    }
  });
});

test('compare with HEAD: fixed/broke per case, paired test p-value, and the diff views', { timeout: 300_000 }, async () => {
  const file = path.join(workspace, CAPITALS);
  const head = await fs.readFile(file, 'utf8');
  await fs.writeFile(file, head.replace('What is the capital of {{country}}?', WORKING_USER_MESSAGE));
  await server.setOptions({ replies: [...WORKING_REPLIES, ...(JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'test/fixtures/example-replies.json'), 'utf8')) as { replies: unknown[] }).replies] });

  const [before, after] = await step(page, 'versions-run', async () => {
    await openPrompt();
    const known = new Set((await records()).map((r) => r.id));
    await runCommand(page, 'Prompt Workbench: Compare with HEAD');
    return await waitFor(
      async () => {
        const fresh = (await records()).filter((r) => !known.has(r.id) && r.status === 'completed');
        const b = fresh.find((r) => r.prompt.content === head);
        const a = fresh.find((r) => r.prompt.content.includes(WORKING_USER_MESSAGE));
        return b && a ? ([b, a] as const) : undefined;
      },
      { timeout: 90_000, describe: () => 'the HEAD and working-copy runs did not both complete' },
    );
  });
  const frame = await viewFrame('Compare versions: Capital cities', async (f) =>
    (
      await f
        .locator('[data-testid="verdict"]')
        .textContent()
        .catch(() => '')
    )?.includes('on the same 12 cases'),
  );

  await step(page, 'versions-rows', async () => {
    // The rows come in a page of their own after the frame with the verdict (pagedView.ts): read them once they are there.
    await rowCount(frame, before.cases.length * 2);
    const { headers, rows } = await readGrid(frame);
    assert.deepEqual(headers, ['Case', 'Model', 'Change', 'HEAD', 'working copy', 'Vars']);
    const expected = before.cases.flatMap((c) =>
      [M1, M2].map((m) => {
        const b = before.results.find((r) => r.caseId === c.id && r.model === m)!;
        const a = after.results.find((r) => r.caseId === c.id && r.model === m)!;
        const change = b.status === a.status ? (a.status === 'passed' ? '= same (pass)' : '= same (fail)') : a.status === 'passed' ? '▲ fixed' : '▼ broke';
        return [c.id, m, change, b.output, a.output];
      }),
    );
    assert.deepEqual(
      rows.map((r) => r.main.slice(0, 5)),
      expected,
    );
    assert.deepEqual(
      expected.filter((r) => r[2] === '▲ fixed').map((r) => `${r[0]} ${r[1]}`),
      [`australia ${M1}`, `canada ${M2}`, `kenya ${M1}`],
    );
    assert.deepEqual(
      expected.filter((r) => r[2] === '▼ broke').map((r) => `${r[0]} ${r[1]}`),
      [`japan ${M2}`],
    );
  });

  await step(page, 'versions-summary-and-p-value', async () => {
    const pairs = before.results.map((b) => [b, after.results.find((a) => a.caseId === b.caseId && a.model === b.model)!] as const);
    const fixed = pairs.filter(([b, a]) => b.status !== 'passed' && a.status === 'passed').length;
    const broke = pairs.filter(([b, a]) => b.status === 'passed' && a.status !== 'passed').length;
    const p = mcnemarExact(broke, fixed);
    const rate = (results: CaseResult[]) => results.filter((r) => r.status === 'passed').length / results.length;
    const sentence = await frame.locator('[data-testid="verdict"]').textContent();
    assert.equal(
      sentence,
      `working copy passes ${percent(rate(after.results))} vs ${percent(rate(before.results))} for HEAD on the same 12 cases (+${((rate(after.results) - rate(before.results)) * 100).toFixed(1)} pts); ${fixed} fixed, ${broke} broke. The difference is within noise (McNemar exact test, p = ${p.toPrecision(2)}, not below 0.05).`,
    );
    const cards = await frame.evaluate(() => Object.fromEntries([...document.querySelectorAll('.summary-block .card')].map((c: any) => [c.dataset.card, c.querySelector('.card-value').textContent])));
    assert.deepEqual(cards, {
      'Pass rate (paired cases)': `${percent(rate(before.results))} → ${percent(rate(after.results))}`,
      'Fixed / broke': `${fixed} / ${broke}`,
      'Paired test': `p = ${p.toPrecision(2)}`,
    });
    const table = await frame.evaluate(() =>
      [...document.querySelectorAll('.summary-table tbody tr')].map((r: any) => [r.dataset.group, r.querySelector('[data-card="Pass rate"] .card-value').textContent]),
    );
    assert.deepEqual(table, [
      ['HEAD', percent(before.summary.passRate)],
      ['working copy', percent(after.summary.passRate)],
    ]);
    await assertNoSecret();
  });
  await shoot('compare-versions');

  await step(page, 'versions-diff-prompts', async () => {
    await frame.locator('#action-diffPrompts').click();
    const tab = await waitForTab(/capitals\.prompt\.yml \(HEAD ↔ working copy\)/);
    log(`diff tab: ${tab}`);
    const sides = await diffEditorTexts();
    assert.match(sides.original, /What is the capital of \{\{country\}\}\?/);
    assert.match(sides.modified, /Name the capital of \{\{country\}\}\./);
    await shoot('diff-prompts');
  });

  await step(page, 'versions-diff-outputs', async () => {
    const versions = await viewFrame('Compare versions: Capital cities');
    await versions.locator('.grid-row:not([hidden])', { hasText: '▼ broke' }).first().click();
    await versions.locator('.details vscode-button', { hasText: 'Diff outputs' }).click();
    await waitForTab(/Output of japan: HEAD ↔ working copy/);
    const sides = await diffEditorTexts();
    assert.equal(sides.original.trim(), 'Tokyo');
    assert.equal(sides.modified.trim(), 'Kyoto');
  });
});

test('a run record file opens in the results view; panels come back after a reload', { timeout: 300_000 }, async () => {
  const [latest] = await records();
  await step(page, 'record-editor', async () => {
    // File: Open File… (code-server's simple dialog): Quick Open leaves the dot-folder out.
    const recordFile = path.join(workspace, '.prompt-workbench', 'runs', `${latest.id}.jsonl`);
    await retryClosedPicker('the Open File dialog', async () => {
      await runCommand(page, 'File: Open File...');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      // The dialog fills in the workspace folder once it has listed it; type after that.
      await waitFor(async () => (await quickInputState(page)).value.endsWith('/examples/'), {
        timeout: 15_000,
        describe: async () => `the Open File dialog shows ${JSON.stringify(await quickInputState(page))}`,
      });
      await input.fill(recordFile);
      await waitFor(async () => (await input.inputValue()) === recordFile, { timeout: 5000, describe: () => 'the path did not stay in the Open File dialog' });
      // The dialog checks the typed path before it accepts; press OK until it closes.
      await waitFor(
        async () => {
          if (!(await quickInputState(page)).visible) return true;
          await page
            .locator('.quick-input-widget')
            .getByRole('button', { name: 'OK' })
            .click({ timeout: 2000 })
            .catch(() => input.press('Enter', { timeout: 2000 }).catch(() => undefined));
          return await waitFor(async () => !(await quickInputState(page)).visible, { timeout: 1000, interval: 100, describe: () => '' }).catch(() => false);
        },
        { timeout: 15_000, describe: async () => `the Open File dialog stayed open at ${JSON.stringify(await input.inputValue().catch(() => ''))}` },
      );
      // Closed by OK, or by a focus change before it took the path: the record's editor tab tells.
      const opened = await waitFor(async () => (await activeEditor(page)).label === `${latest.id}.jsonl`, { timeout: 10_000, describe: () => '' }).catch(() => false);
      if (!opened) throw new QuickInputClosedError(`the Open File dialog closed without opening ${latest.id}.jsonl (active: ${JSON.stringify(await activeEditor(page))})`);
    });
    // The results panel may show another capitals run side by side: pick the view of this record.
    const frame = await viewFrame('Capital cities', async (f) => (await subtitle(f)).includes(started(latest)) && rowCount(f, latest.results.length));
    const { rows } = await readGrid(frame);
    assert.deepEqual(
      rows.map((r) => `${r.main[0]} ${r.main[1]} ${r.main[2]}`),
      inDatasetOrder(latest).map((r) => `${r.caseId} ${r.model} ${r.status === 'passed' ? '✓ passed' : '✗ failed'}`),
    );
    await frame.locator('#filter-failed').click();
    await rowCount(frame, latest.results.filter((r) => r.status !== 'passed').length);
    await shoot('run-record-editor');
  });

  await step(page, 'reload-restores-panels', async () => {
    // Reload Window shuts the workbench down properly (it saves which editors are open), then loads it.
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    await waitForCommand(page, 'Prompt Workbench: Open Results');
    // The comparison panels are in the background after the reload; bring each up by its tab.
    for (const title of ['Models: capitals.prompt.yml', 'capitals.prompt.yml: HEAD ↔ working copy']) {
      await clickTab(title);
      const heading = title.startsWith('Models') ? 'Compare models: Capital cities' : 'Compare versions: Capital cities';
      await viewFrame(heading, async (f) => (await visibleRowCount(f)) > 0);
    }
    // The record editor kept its "failed only" filter.
    await clickTab(`${latest.id}.jsonl`);
    const failed = latest.results.filter((r) => r.status !== 'passed').length;
    const frame = await viewFrame('Capital cities', async (f) => (await subtitle(f)).includes(started(latest)) && rowCount(f, failed));
    assert.equal(await frame.locator('.row-count').textContent(), `${failed} of ${latest.results.length} results`);
  });

  await step(page, 'reload-then-open-results-once', async () => {
    // The results tab came back in the background: opening the prompt's results again must reuse
    // it, not add a second "Results:" tab beside it (its webview is revived only when shown).
    await openPrompt();
    await runCommand(page, 'Prompt Workbench: Open Results');
    await viewFrame('Capital cities', async (f) => (await visibleRowCount(f)) > 0);
    const resultTabs = async () =>
      (await page.locator('.tabs-container .tab').evaluateAll((tabs: any[]) => tabs.map((t) => (t.getAttribute('aria-label') ?? '').split(', ')[0]))).filter(
        (label: string) => label === 'Results: capitals.prompt.yml',
      ).length;
    await waitFor(async () => (await resultTabs()) === 1, { timeout: 10_000, describe: async () => `${await resultTabs()} "Results: capitals.prompt.yml" tabs` });
  });
});

test('themes: the views take their colours from the theme (dark, high contrast, light)', { timeout: 300_000 }, async () => {
  await openPrompt();
  await runCommand(page, 'Prompt Workbench: Open Results');
  for (const [theme, shot] of [
    ['Dark Modern', 'results-dark'],
    ['Dark High Contrast', 'results-high-contrast'],
    ['Light Modern', ''],
  ] as const) {
    await step(page, `theme-${theme}`, async () => {
      await retryClosedPicker(`the colour theme picker (${theme})`, async () => {
        await runCommand(page, 'Preferences: Color Theme');
        const input = page.locator('.quick-input-widget .quick-input-box input');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill(theme);
        // The row with exactly that name, once the filtered list has settled (not Enter on whatever is first).
        await chooseQuickInputRow(page, { value: theme, row: { label: theme }, what: `${theme} in the colour theme picker` });
      });
      const frame = await viewFrame('Capital cities');
      // A passing verdict is painted in the theme's "test passed" colour, whatever the theme.
      const colours = await waitFor(
        async () => {
          const c = await frame.evaluate(() => {
            const probe = document.createElement('span');
            probe.style.color = 'var(--vscode-testing-iconPassed)';
            document.body.append(probe);
            const expected = getComputedStyle(probe).color;
            probe.remove();
            const cell = document.querySelector('.grid-row:not([hidden]) .tone-pass .cell-main');
            return {
              expected,
              actual: cell ? getComputedStyle(cell).color : '',
              body: document.body.className,
              variable: getComputedStyle(document.documentElement).getPropertyValue('--vscode-testing-iconPassed').trim(),
            };
          });
          return c.variable && c.body.includes(theme.includes('High Contrast') ? 'vscode-high-contrast' : theme.includes('Light') ? 'vscode-light' : 'vscode-dark') ? c : undefined;
        },
        { timeout: 15_000, describe: () => `the webview did not switch to ${theme}` },
      );
      assert.equal(colours.actual, colours.expected, `${theme}: a passed verdict has the theme's colour (${colours.variable})`);
      if (shot) await shoot(shot);
    });
  }
});

test('compare two run records, and compare with a revision picked from the history', { timeout: 300_000 }, async () => {
  await step(page, 'compare-runs', async () => {
    const [newer, older] = await records();
    // Two pickers, newest record first: take the newest, then the newest of the rest. The pickers
    // order records by file name, whose time has whole seconds (the two runs of "Compare with HEAD"
    // may share one): each record is picked by its file name, once the picker lists it and has
    // settled, after checking that the list starts with a record of that second.
    await retryClosedPicker('compare two run records', async () => {
      await openPrompt();
      await runCommand(page, 'Prompt Workbench: Compare Two Run Records…');
      for (const [picker, record] of [
        ['(1/2)', newer],
        ['(2/2)', older],
      ] as const) {
        const title = `Compare two run records ${picker}`;
        await chooseQuickInputRow(page, { title, row: { aria: `${record.id}.jsonl` }, click: false, what: `the record picker ${picker}` });
        const first = (await quickInputState(page)).rows[0]?.aria ?? '';
        assert.ok(first.includes(record.id.split('-')[0]), `the record picker ${picker} lists the newest records first: its first row is ${JSON.stringify(first)}, the newest is ${record.id}`);
        await chooseQuickInputRow(page, { title, row: { aria: `${record.id}.jsonl` }, what: `the record picker ${picker}` });
      }
    });
    let [before, after] = [runLabel(older), runLabel(newer)];
    if (before === after) [before, after] = [older.id, newer.id];
    const frame = await viewFrame('Compare versions: Capital cities', async (f) => (await subtitle(f)).startsWith(`${before} → ${after}`));
    const { headers, rows } = await readGrid(frame);
    assert.deepEqual(headers.slice(3, 5), [before, after]);
    assert.equal(rows.length, 12);
  });

  await step(page, 'compare-revision', async () => {
    const known = new Set((await records()).map((r) => r.id));
    const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: workspace, encoding: 'utf8' }).stdout.trim();
    await retryClosedPicker('compare with a revision', async () => {
      await openPrompt();
      await runCommand(page, 'Prompt Workbench: Compare with Git Revision…');
      // The history, newest first: its one commit is the first row.
      const title = `Compare ${CAPITALS} with a revision`;
      const row = await chooseQuickInputRow(page, { title, row: { label: `${commit} examples` }, click: false, what: `${commit} in the history picker` });
      assert.equal(row.index, 0, `the history picker lists ${commit} first`);
      await chooseQuickInputRow(page, { title, row: { label: `${commit} examples` }, what: `${commit} in the history picker` });
    });
    await waitFor(async () => (await records()).filter((r) => !known.has(r.id) && r.status === 'completed').length === 2, {
      timeout: 90_000,
      describe: () => 'the revision and working-copy runs did not both complete',
    });
    const frame = await viewFrame(
      'Compare versions: Capital cities',
      async (f) => (await subtitle(f)).startsWith(`${commit} → working copy`) && (await f.locator('[data-testid="verdict"]').textContent())?.includes('on the same 12 cases'),
    );
    assert.deepEqual((await readGrid(frame)).headers, ['Case', 'Model', 'Change', commit, 'working copy', 'Vars']);
    await shoot('compare-revision');
  });
});

test('tools: a tool-calling case in the results view and its hover, calls and mocked results as text', { timeout: 300_000 }, async () => {
  const WEATHER = 'weather-agent.prompt.yml';
  const record = await step(page, 'tools-run-eval', async () => {
    const known = new Set((await promptRecords(workspace, WEATHER)).map((r) => r.id));
    await runCommand(page, 'View: Focus First Editor Group');
    await openFile(page, WEATHER);
    await runCommand(page, 'Prompt Workbench: Run Eval');
    const finished = await waitFor(async () => (await promptRecords(workspace, WEATHER)).find((r) => !known.has(r.id) && r.status === 'completed'), {
      timeout: 60_000,
      describe: () => `no completed ${WEATHER} run record appeared`,
    });
    await viewFrame('Weather agent', (f) => rowCount(f, finished.results.length));
    return finished;
  });
  const paris = record.results.find((r) => r.caseId === 'paris')!;
  assert.equal(paris.trajectory?.ended, 'answer', 'the mocked get_weather result went back and the model answered');

  await step(page, 'tools-results-view', async () => {
    const frame = await viewFrame('Weather agent');
    const { headers, rows } = await readGrid(frame);
    const tools = headers.indexOf('Tool calls');
    assert.ok(tools > 0, `a Tool calls column: ${JSON.stringify(headers)}`);
    const byCase = (id: string) => rows.find((r) => r.main[0] === id)!;
    assert.equal(byCase('paris').main[tools], 'get_weather');
    assert.equal(byCase('booking').main[tools], 'book_table (no mock)');
    assert.equal(byCase('arithmetic').main[tools], 'no calls');
    await frame.locator('.grid-row:not([hidden])', { hasText: 'paris' }).first().click();
    // The details come from the host a moment after the click.
    await frame.locator('.details .details-block').first().waitFor({ timeout: 20_000 });
    const blocks = await frame.locator('.details .details-block').allInnerTexts();
    const calls = blocks.find((b) => b.startsWith('Tool calls'));
    assert.ok(calls?.includes(`get_weather({"city":"Paris"}) → {"city":"Paris","sky":"sunny","temperatureC":21}`), `the details list the call and its mocked result: ${JSON.stringify(blocks)}`);
    assert.equal(await frame.evaluate(() => document.querySelectorAll('img').length), 0);
    await shoot('tools-results');
  });

  await step(page, 'tools-hover', async () => {
    await dismissResultsView(page);
    const hover = await hoverLine(page, '_id: paris');
    assert.match(hover, /Tool calls:/);
    assert.ok(hover.includes('get_weather({"city":"Paris"}) → {"city":"Paris","sky":"sunny","temperatureC":21}'), hover);
    assert.match(hover, /then answered \(2 requests\)/);
    await shoot('tools-hover');
    await page.keyboard.press('Escape');
  });
});

test("images: a row's local image shows as a thumbnail in the results view details", { timeout: 300_000 }, async () => {
  const IMAGE_PROMPT = 'describe-image.prompt.yml';
  await step(page, 'images-thumbnail', async () => {
    const known = new Set((await promptRecords(workspace, IMAGE_PROMPT)).map((r) => r.id));
    await runCommand(page, 'View: Focus First Editor Group');
    await openFile(page, IMAGE_PROMPT);
    await runCommand(page, 'Prompt Workbench: Run Eval');
    await waitFor(async () => (await promptRecords(workspace, IMAGE_PROMPT)).find((r) => !known.has(r.id) && r.status === 'completed'), {
      timeout: 60_000,
      describe: () => `no completed ${IMAGE_PROMPT} run record appeared`,
    });
    const frame = await viewFrame('Describe an image', (f) => rowCount(f, 2));
    await frame.locator('.grid-row:not([hidden])', { hasText: 'red-square' }).first().click();
    const image = await waitFor(
      async () => {
        const seen = await frame.evaluate(() => {
          const img: any = document.querySelector('.details .thumb img');
          return img ? { alt: img.alt, loaded: img.complete && img.naturalWidth > 0, width: img.naturalWidth } : null;
        });
        return seen?.loaded ? seen : undefined;
      },
      { timeout: 15_000, describe: () => 'no loaded thumbnail in the details' },
    );
    assert.deepEqual(image, { alt: 'images/red-square.png', loaded: true, width: 64 });
    await shoot('images-thumbnail');
    await dismissResultsView(page);
  });
});

// ---------------------------------------------------------------------------------------------
// Reading the views

interface GridRow {
  main: string[];
  sub: string[];
  changed: boolean;
}

/** The webview frame whose view heading is `heading` (and, optionally, that passes `ready`). */
async function viewFrame(heading: string, ready?: (frame: Frame) => Promise<unknown>): Promise<Frame> {
  let seen: string[] = [];
  return await waitFor(
    async () => {
      seen = [];
      for (const frame of page.frames()) {
        const h1 = await frame.evaluate(() => document.querySelector('.view-header h1')?.textContent ?? null).catch(() => null);
        if (h1 === null) continue;
        seen.push(h1);
        if (h1 === heading && (!ready || (await ready(frame).catch(() => false)))) return frame;
      }
      return undefined;
    },
    { timeout: 60_000, describe: () => `no webview showing "${heading}"${ready ? ' (ready)' : ''}; views seen: ${JSON.stringify(seen)}` },
  );
}

/**
 * The prompt file in the first editor group (where the comparisons expect the editor), focused.
 * Checked after the fact and done again if a webview took the focus (and with it the active group)
 * in between: Quick Open opens the file in whichever group is active when it is accepted.
 */
async function openPrompt(): Promise<void> {
  let seen: ActiveEditor | undefined;
  let attempt = 0;
  await waitFor(
    async () => {
      if (attempt++ > 0) log(`${CAPITALS} is not the focused editor of the first group (attempt ${attempt}): ${JSON.stringify(seen)}`);
      await runCommand(page, 'View: Focus First Editor Group');
      await openFile(page, CAPITALS);
      seen = await activeEditor(page);
      return seen.group === 0 && seen.label === CAPITALS && seen.focused;
    },
    { timeout: 90_000, interval: 500, describe: () => `${CAPITALS} did not become the focused editor of the first group: ${JSON.stringify(seen)}` },
  );
}

async function subtitle(frame: Frame): Promise<string> {
  return (await frame.locator('.view-header .subtitle').textContent()) ?? '';
}

/** How a view's subtitle shows when a run started. */
function started(record: RunRecord): string {
  return record.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** Rows on screen: a recycled row that stayed visible would show stale data, so count what is seen. */
/** Rows drawn with their content (a row still on its way from the host is drawn empty, `.pending`). */
async function visibleRowCount(frame: Frame): Promise<number> {
  return await frame.evaluate(() => [...document.querySelectorAll('.grid-row:not(.pending)')].filter((r: any) => r.checkVisibility()).length);
}

/** Waits for the grid to show `expected` in column `column`: a click asks the host for the rows, which come a moment later. */
async function gridColumnIs(frame: Frame, column: number, expected: string[], what: string): Promise<void> {
  const read = async () => (await readGrid(frame)).rows.map((r) => r.main[column]);
  await waitFor(async () => JSON.stringify(await read()) === JSON.stringify(expected), {
    timeout: 20_000,
    describe: async () => `${what}: expected ${JSON.stringify(expected)}, the grid shows ${JSON.stringify(await read())}`,
  });
}

async function rowCount(frame: Frame, n: number): Promise<true> {
  return await waitFor(async () => (await visibleRowCount(frame)) === n || undefined, {
    timeout: 20_000,
    describe: async () => `expected ${n} rows, the view shows ${await visibleRowCount(frame)}`,
  });
}

async function readGrid(frame: Frame): Promise<{ headers: string[]; subtitles: string[]; rows: GridRow[] }> {
  return await frame.evaluate(() => {
    const text = (el: any, selector: string) => el.querySelector(selector)?.textContent ?? '';
    const heads = [...document.querySelectorAll('.grid-head .head-cell')];
    const rows = [...document.querySelectorAll('.grid-row')]
      .filter((row: any) => row.checkVisibility())
      .sort((a: any, b: any) => Number(a.dataset.index) - Number(b.dataset.index))
      .map((row: any) => ({
        main: [...row.children].map((c: any) => text(c, '.cell-main')),
        sub: [...row.children].map((c: any) => text(c, '.cell-sub')),
        changed: row.classList.contains('row-changed'),
      }));
    return { headers: heads.map((h: any) => text(h, '.sort-button')), subtitles: heads.map((h: any) => text(h, '.cell-sub')), rows };
  });
}

/** Per model column: its header's hover, the tail kept whole, whether the head is cut and the tail visible. */
async function narrowHeads(frame: Frame): Promise<{ hover: string; tail: string; cut: boolean; tailInside: boolean }[]> {
  return await frame.evaluate(() =>
    [...document.querySelectorAll('.grid-head .head-cell')].slice(2).map((cell: any) => {
      const button = cell.querySelector('.sort-button');
      const start = button.querySelector('.title-start');
      const end = button.querySelector('.title-end');
      const box = cell.getBoundingClientRect();
      const tail = end?.getBoundingClientRect();
      return {
        hover: button.title,
        tail: end?.textContent ?? '',
        cut: !!start && start.scrollWidth > start.clientWidth,
        tailInside: !!tail && tail.width > 0 && tail.left >= box.left && tail.right <= box.right + 0.5,
      };
    }),
  );
}

async function readTotals(frame: Frame): Promise<string[]> {
  return await frame.evaluate(() =>
    [...document.querySelectorAll('.grid-foot .grid-cell')].map((c: any) =>
      [c.querySelector('.cell-main')?.textContent ?? '', c.querySelector('.cell-sub')?.textContent ?? ''].filter(Boolean).join('\n'),
    ),
  );
}

/** The API key reaches the extension host only; no webview's DOM may contain it. */
async function assertNoSecret(): Promise<void> {
  for (const frame of page.frames()) {
    const html = await frame.evaluate(() => document.documentElement?.outerHTML ?? '').catch(() => '');
    assert.ok(!html.includes(API_KEY), `the API key appears in frame ${frame.url().slice(0, 80)}`);
  }
}

/**
 * Brings up an open editor by its title through the editor picker (View: Show All Editors…), which
 * works whatever the layout after a reload (a tab can be scrolled or squeezed out of sight).
 */
async function clickTab(title: string): Promise<void> {
  const tab = page.locator('.tabs-container .tab', { hasText: title }).first();
  await waitFor(async () => (await tab.count()) > 0, {
    timeout: 20_000,
    describe: async () => `no editor tab "${title}"; tabs: ${JSON.stringify(await page.locator('.tabs-container .tab').allTextContents())}`,
  });
  // After a reload the restored editors come back one by one and take the focus, which closes the
  // picker: pick again until the editor is the active one.
  await retryClosedPicker(`the editor picker (${title})`, async () => {
    await runCommand(page, 'View: Show All Editors By Most Recently Used');
    await chooseQuickInputRow(page, { row: { label: title }, what: `"${title}" in the editor picker` });
    const active = await waitFor(async () => (await activeEditor(page)).label === title, { timeout: 10_000, describe: () => '' }).catch(() => false);
    if (!active) throw new QuickInputClosedError(`"${title}" is not the active editor after the editor picker (active: ${JSON.stringify(await activeEditor(page))})`);
  });
}

async function waitForTab(title: RegExp): Promise<string> {
  return await waitFor(
    async () => {
      const labels = await page.locator('.tabs-container .tab').evaluateAll((tabs: any[]) => tabs.map((t) => t.getAttribute('aria-label') ?? t.textContent ?? ''));
      return labels.find((l: string) => title.test(l));
    },
    { timeout: 20_000, describe: async () => `no editor tab matching ${title}; tabs: ${JSON.stringify(await page.locator('.tabs-container .tab').allTextContents())}` },
  );
}

/** The text of both sides of the active diff editor (each view line, in order). */
async function diffEditorTexts(): Promise<{ original: string; modified: string }> {
  return await waitFor(
    async () => {
      const sides = await page.evaluate(() => {
        const diff = document.querySelector('.editor-group-container.active .monaco-diff-editor') ?? document.querySelector('.monaco-diff-editor');
        if (!diff) return undefined;
        const read = (side: string) =>
          [...diff.querySelectorAll(`.editor.${side} .view-line`)]
            .sort((a: any, b: any) => parseFloat(a.style.top) - parseFloat(b.style.top))
            .map((l: any) => l.textContent.replace(/\u00a0/g, ' '))
            .join('\n');
        return { original: read('original'), modified: read('modified') };
      });
      return sides && sides.original && sides.modified ? sides : undefined;
    },
    { timeout: 20_000, describe: () => 'no diff editor with text on both sides' },
  );
}

/**
 * Clicks an export button of a view and accepts the save dialog (code-server's simple file dialog)
 * at its default path; returns the file. The dialog is a quick input: if the focus goes back to the
 * webview before it is accepted, VS Code closes it, and the button is clicked again.
 */
async function exportTo(frame: Frame, button: string, name: string): Promise<string> {
  const file = path.join(workspace, name);
  await retryClosedPicker(`the save dialog for ${name}`, async () => {
    await frame.locator(button).click();
    let appeared = false;
    let state: Awaited<ReturnType<typeof quickInputState>> | undefined;
    await waitFor(
      async () => {
        state = await quickInputState(page);
        if (state.visible) appeared = true;
        else if (appeared) throw new QuickInputClosedError(`the save dialog for ${name} closed before it was accepted`);
        return state.visible && state.value.endsWith(name);
      },
      { timeout: 15_000, describe: () => `the save dialog does not propose …/${name}: ${JSON.stringify(state)}` },
    );
    await page
      .locator('.quick-input-widget .quick-input-box input')
      .press('Enter', { timeout: 3000 })
      .catch(() => {
        throw new QuickInputClosedError(`the save dialog for ${name} closed before Enter`);
      });
  });
  await waitForNotification(page, `to ${name}`);
  await waitFor(() => existsSync(file), { timeout: 10_000, describe: () => `${file} was not written` });
  return file;
}

/**
 * Makes a keyboard gesture (`gesture` presses keys and checks what they did) and, if it fails
 * while `hasFocus` says the focus left its target (a webview frame that lost the focus to the
 * workbench), makes it again – up to 3 times. A failure with the focus still in place is real.
 */
async function retryKeyboardGesture(what: string, hasFocus: () => Promise<boolean>, gesture: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await gesture();
    } catch (error) {
      if (attempt >= 3 || (await hasFocus())) throw error;
      log(`${what}: the focus left the view (${(error as Error).message.split('\n')[0]}); again (attempt ${attempt + 1}/3)`);
    }
  }
}

/**
 * A screenshot of a view, with its editor group maximised, into the artifacts – and into
 * docs/screenshots (what the README shows) when PW_UPDATE_SCREENSHOTS=1, so a test run does not
 * modify tracked files.
 */
async function shoot(name: string): Promise<void> {
  const run = (title: string) => runCommand(page, title, { timeout: 10_000 }).catch((error: Error) => log(`screenshot set-up: ${error.message.split('\n')[0]}`));
  await run('Notifications: Clear All Notifications');
  // VS Code offers the command only while there are several editor groups (a palette search for it
  // otherwise waited out three attempts).
  const maximize = (await page.evaluate(() => document.querySelectorAll('.part.editor .editor-group-container').length)) > 1;
  if (maximize) await run('View: Toggle Maximize Editor Group');
  await run('View: Toggle Primary Side Bar Visibility');
  await page.waitForTimeout(600);
  const file = await screenshot(page, name);
  await run('View: Toggle Primary Side Bar Visibility');
  if (maximize) await run('View: Toggle Maximize Editor Group');
  if (process.env.PW_UPDATE_SCREENSHOTS !== '1') return;
  await fs.mkdir(DOCS_SCREENSHOTS, { recursive: true });
  await fs.copyFile(file, path.join(DOCS_SCREENSHOTS, `${name}.png`));
}

// ---------------------------------------------------------------------------------------------
// Expected values, from the records

/** The capitals prompt's run records, newest first. */
async function records(): Promise<RunRecord[]> {
  return await promptRecords(workspace, CAPITALS);
}

function inDatasetOrder(record: RunRecord): CaseResult[] {
  const caseIndex = (id: string) => record.cases.findIndex((c) => c.id === id);
  return [...record.results].sort((a, b) => caseIndex(a.caseId) - caseIndex(b.caseId) || record.models.indexOf(a.model) - record.models.indexOf(b.model));
}

function percent(rate: number | null): string {
  return rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`;
}

function interval([low, high]: [number, number]): string {
  return `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%`;
}

/** A result at what it cost when produced (a cache hit keeps its cost then; issue 18.2). */
function producedCost(r: CaseResult): number | null {
  return r.costUsd === null || r.cachedCostUsd === null ? null : r.costUsd + (r.cachedCostUsd ?? 0);
}

function headerLine(s: GroupSummary): string {
  // Cached answers count at what they cost when produced (issue 18.2).
  return `${percent(s.passRate)} · ${usd(s.costUsd + (s.cachedCostUsd ?? 0))}${s.cachedCostUsd ? ' (cached)' : ''} · p50 ${Math.round(s.latencyMs!.p50)} ms · p95 ${Math.round(s.latencyMs!.p95)} ms`;
}

// ---------------------------------------------------------------------------------------------
// Set-up

/** examples/ without past runs, as a git repository with one commit (so HEAD exists). */
async function makeRepository(): Promise<string> {
  const dir = await examplesTemplate();
  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'examples');
  return dir;
}
