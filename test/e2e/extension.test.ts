// The Prompt Workbench extension in a real VS Code (code-server + Chromium), installed from the
// .vsix that scripts/package.mjs builds, against the OpenAI-compatible test server with the reply
// rules of test/fixtures/example-replies.json, on a throwaway copy of examples/.
//
//   bash scripts/setup-e2e.sh && npx tsc -p tsconfig.json
//   source scripts/node-env.sh && node --test out/test/e2e/extension.test.js
//
// PW_E2E_VSIX=<file> reuses a packaged extension instead of packaging one (saves ~20 s).
// Each step asserts on what the user sees (status bar, CodeLens text, decorations, Problems, the
// Testing view, notifications) and on the run records written to disk; a step that fails leaves
// test-results/e2e/screenshots/FAILED-<step>.png.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { estimateRun, loadWorkspaceConfig, preparePrompt, preparePromptText, pricingWith, type RunRecord } from '../../src/core/index.js';
import {
  LOGS_DIR,
  acceptQuickInput,
  chooseQuickInputRow,
  copyWorkspace,
  editorDecorations,
  findListRow,
  isRestrictedMode,
  launchBrowser,
  log,
  newPage,
  openFile,
  openWorkbench,
  problems,
  quickInputState,
  runCommand,
  screenshot,
  startCodeServer,
  statusBarTexts,
  step,
  waitFor,
  waitForCodeLens,
  waitForNotification,
  waitForStatusBar,
} from './harness.js';
import { dismissResultsView, examplesTemplate, goToLine, hoverLine, productVsix, records, startTestServer, tickAndAccept, type TestServer } from './productSupport.js';

// The page callbacks run in the browser; the project compiles without the DOM lib.
declare const document: any;

const ENV_KEY = 'sk-e2e-env-sentinel-0123456789abcdef';
const SECRET_KEY = 'sk-e2e-secret-storage-fedcba9876543210';
const BROKEN_PROMPT = [
  '# Malformed on purpose: "robot" is not a role.',
  'name: Broken on purpose',
  'model: openai/gpt-4o-mini',
  'messages:',
  '  - role: system',
  '    content: You answer questions.',
  '  - role: robot',
  "    content: 'Question: {{question}}'",
  'testData:',
  '  - question: What is 2 + 2?',
  '',
].join('\n');

// Shaped like GitHub's examples: a prompt file by its content, not its name.
const SAMPLE_PROMPT = [
  'name: Text Summarizer',
  'description: Summarizes input text concisely',
  'model: openai/gpt-4o-mini',
  'modelParameters:',
  '  temperature: 0.5',
  'messages:',
  '  - role: system',
  '    content: You are a text summarizer. Your only job is to summarize text given to you.',
  '  - role: user',
  '    content: |',
  '      Summarize the given text, beginning with "Summary -":',
  '      <text>',
  '      {{input}}',
  '      </text>',
  'testData:',
  '  - input: The quick brown fox jumped over the lazy dog. The dog was too tired to react.',
  '    expected: Summary - A fox jumped over a lazy, unresponsive dog.',
  'evaluators:',
  '  - name: Output should start with "Summary -"',
  '    string:',
  '      startsWith: Summary -',
  '',
].join('\n');

let browser: Browser;
let vsix: string;
let server: TestServer;
let template: string;

before(async () => {
  vsix = await productVsix();
  server = await startTestServer();
  template = await makeWorkspaceTemplate();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('trusted workspace: estimates, runs, decorations, Problems, Test Explorer, cancel and API keys', { timeout: 600_000 }, async () => {
  const workspace = await copyWorkspace(template);
  const cs = await startCodeServer({
    workspace,
    vsixPath: vsix,
    trusted: true,
    label: 'extension-trusted',
    env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: ENV_KEY },
    // No response cache: a cached answer would never reach the server (cancel and key checks need it).
    userSettings: { 'promptWorkbench.cache': false, 'promptWorkbench.concurrency': 2 },
  });
  let logsDir = '';
  try {
    logsDir = path.join(LOGS_DIR, `vscode-extension-trusted-${cs.port}`);
    const page = await newPage(browser, 'extension-trusted');
    await step(page, 'ext-open-workbench', () => openWorkbench(page, cs.url, workspace, { waitForCommand: 'Prompt Workbench: Set API Key…' }));

    await step(page, 'ext-activation-on-open', async () => {
      assert.ok(!(await statusBarTexts(page)).includes('gpt-4o-mini'), 'no model in the status bar before a prompt file is open');
      await openFile(page, 'summarize.prompt.yml');
      // The idle status bar entry names the model the active prompt runs: the extension is active and follows the editor.
      await waitForStatusBar(page, /^gpt-4o-mini$/);
    });

    await step(page, 'ext-log-level-debug', async () => {
      // Answered requests are Debug lines of the output channel; the log is checked for them at the end.
      await runCommand(page, 'Developer: Set Log Level...');
      await chooseQuickInputRow(page, { row: { label: 'Prompt Workbench' }, what: 'the Prompt Workbench log in Set Log Level' });
      await chooseQuickInputRow(page, { row: { label: /^Debug/ }, what: 'Debug in Set Log Level' });
    });

    const summarize = path.join(workspace, 'summarize.prompt.yml');
    await step(page, 'ext-codelens-estimate', async () => {
      // Every model of the prompt has a batch price, so "Run as batch" sits next to "Run eval".
      const expected = `▶ Run eval (3 cases × 1 model) | Run as batch (½ price) | ${await expectedEstimate(workspace, summarize)} | Compare models | Compare with HEAD | Generate rows`;
      const lens = await waitForCodeLens(page, '▶ Run eval');
      await waitFor(async () => (await waitForCodeLens(page, '▶ Run eval')) === expected, {
        timeout: 20_000,
        describe: async () => `prompt lens: expected ${JSON.stringify(expected)}, got ${JSON.stringify(await waitForCodeLens(page, '▶ Run eval'))} (first seen ${JSON.stringify(lens)})`,
      });
      // The row lenses render with (not necessarily in the same frame as) the prompt's lens.
      const runCaseLenses = async () =>
        (await page.evaluate(() => [...document.querySelectorAll('.monaco-editor .codelens-decoration')].map((l: any) => l.textContent.trim()))).filter((t: string) => t === '▶ Run case').length;
      await waitFor(async () => (await runCaseLenses()) === 3, { timeout: 10_000, describe: async () => `a "▶ Run case" lens above each testData row: expected 3, got ${await runCaseLenses()}` });
      await screenshot(page, 'extension-codelens');
    });

    await step(page, 'ext-codelens-follows-typing', async () => {
      // maxTokens is the output basis of the estimate: 60 → 90 in the editor, unsaved.
      const original = await fs.readFile(summarize, 'utf8');
      const edited = original.replace('maxTokens: 60', 'maxTokens: 90');
      await goToLine(page, 7);
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('90');
      const changed = await expectedEstimate(workspace, summarize, edited);
      await waitForCodeLens(page, changed, 20_000);
      for (let i = 0; i < 4; i++) await page.keyboard.press('Control+Z');
      await waitForCodeLens(page, await expectedEstimate(workspace, summarize), 20_000);
    });

    await step(page, 'ext-estimate-cost-command', async () => {
      await runCommand(page, 'Prompt Workbench: Estimate Cost');
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ state: 'visible' });
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /summarize\.prompt\.yml: 3 cases × 1 model: \d+ input \+ 180 output tokens, ~\$[\d.]+ per run/);
      assert.match(text, /openai\/gpt-4o-mini: \d+ in \+ 60 out tokens\/case \(output maxTokens, a ceiling\), 3 requests/);
      await screenshot(page, 'extension-estimate-cost');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
    });

    await step(page, 'ext-run-eval-decorations', async () => {
      await runCommand(page, 'Prompt Workbench: Run Eval');
      const texts = await waitFor(
        async () => {
          const byLine = decorationTextsByLine(await editorDecorations(page));
          return byLine.get(16) && byLine.get(19) && byLine.get(22) ? byLine : undefined;
        },
        { timeout: 30_000, describe: async () => `no ✓/✗ after the three rows; decorations: ${JSON.stringify(await editorDecorations(page))}` },
      );
      assert.match(texts.get(16)!, /^✓ passed · \d+ ms · \$[\d.]+$/);
      assert.match(texts.get(19)!, /^✓ passed · \d+ ms · \$[\d.]+$/);
      assert.match(texts.get(22)!, /^✗ failed: starts with the change type · \d+ ms · \$[\d.]+$/);
      // The decorations follow the results as they come in; the record is finished a moment later.
      let status = '';
      const record = await waitFor(
        async () => {
          const newest = await newestRecord(workspace, 'summarize.prompt.yml');
          status = newest.status;
          return newest.status !== 'running' ? newest : undefined;
        },
        { timeout: 30_000, describe: () => `the summarize run did not finish (record status ${status})` },
      );
      assert.equal(record.status, 'completed');
      assert.deepEqual(statusCounts(record), { passed: 2, failed: 1 });
      await dismissResultsView(page);
      await screenshot(page, 'extension-decorations');
    });

    await step(page, 'ext-result-hover', async () => {
      const hover = await hoverLine(page, 'refactor(cache)');
      assert.match(hover, /✗ failed: starts with the change type/);
      assert.match(hover, /Reworked how the cache keys its entries/, 'the hover shows the output');
      assert.match(hover, /starts with the change type: does not start with "Changed"/, 'and the failing evaluator with its reason');
      await screenshot(page, 'extension-result-hover');
      await page.keyboard.press('Escape');
    });

    await step(page, 'ext-token-hover', async () => {
      const hover = await hoverLine(page, 'role: system');
      assert.match(hover, /Tokens per message · gpt-4o-mini \(o200k_base\)/);
      assert.match(hover, /0\s+system\s+\d+/);
      assert.match(hover, /Per request: \d+ input tokens, filled with case "commit: fix\(parser\)/);
      assert.match(hover, /of the 128,000-token context window/);
      await screenshot(page, 'extension-token-hover');
      await page.keyboard.press('Escape');
    });

    await step(page, 'ext-run-case-lens', async () => {
      const before = (await records(workspace, 'summarize.prompt.yml')).length;
      await page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Run case' }).nth(2).click();
      const record = await waitFor(
        async () => {
          const all = await records(workspace, 'summarize.prompt.yml');
          return all.length > before && all[0].status === 'completed' ? all[0] : undefined;
        },
        { timeout: 20_000, describe: () => 'no run record after "▶ Run case"' },
      );
      assert.equal(record.cases.length, 1, 'the lens ran one case');
      assert.match(record.cases[0].label, /refactor\(cache\)/, 'the row under the lens');
      await dismissResultsView(page);
      // Issue 18.8: one case's run updates that case inside the full picture – the lens keeps
      // counting all three cases and the other rows keep their marks.
      await waitForCodeLens(page, /Last run: 2\/3 passed · /, 20_000);
      const marks = decorationTextsByLine(await editorDecorations(page));
      assert.match(marks.get(16) ?? '', /^✓ passed/, 'row 1 keeps its mark after a run of row 3');
      assert.match(marks.get(19) ?? '', /^✓ passed/, 'row 2 keeps its mark after a run of row 3');
      assert.match(marks.get(22) ?? '', /^✗ failed: starts with the change type/);
    });

    await step(page, 'ext-problems', async () => {
      await openFile(page, 'broken.prompt.yml');
      const entries = await waitFor(
        async () => {
          const list = await problems(page);
          const failing = list.find((p) => p.file === 'summarize.prompt.yml' && /failed on openai\/gpt-4o-mini/.test(p.text));
          const broken = list.find((p) => p.file === 'broken.prompt.yml');
          return failing && broken ? list : undefined;
        },
        { timeout: 20_000, describe: async () => `Problems lacks the failing case or the malformed file: ${JSON.stringify(await problems(page))}` },
      );
      const failing = entries.find((p) => p.file === 'summarize.prompt.yml')!;
      assert.match(
        failing.text,
        /Case "commit: refactor\(cache\).*" failed on openai\/gpt-4o-mini: starts with the change type: does not start with "Changed" — output: "Reworked how the cache keys its entries"/,
      );
      assert.match(failing.text, /line 22/);
      const broken = entries.find((p) => p.file === 'broken.prompt.yml')!;
      assert.match(broken.text, /robot/);
      assert.match(broken.text, /line 7/, 'the malformed file is a diagnostic with its line number');
      await screenshot(page, 'extension-problems');
    });

    await step(page, 'ext-test-explorer', async () => {
      await runCommand(page, 'View: Show Testing');
      await waitFor(
        async () => {
          const labels = await testRows(page);
          return ['support-triage.prompt.yml', 'capitals.prompt.yml', 'summarize.prompt.yml', 'broken.prompt.yml'].every((f) => labels.some((l) => l.startsWith(f)));
        },
        { timeout: 30_000, describe: async () => `the Testing view does not list the prompt files: ${JSON.stringify(await testRows(page))}` },
      );
      // The children of a node are listed once it is expanded and its items resolved (asynchronously):
      // expand and read again until every name is there.
      const names = ['Capital cities', 'france', 'kenya', 'Support ticket triage', 'double-charge', 'dark-mode', 'Release note summary'];
      let listed: string[] = [];
      await waitFor(
        async () => {
          await expandTestTree(page);
          listed = await testRows(page);
          return names.every((name) => listed.some((l) => l.startsWith(`${name} `)));
        },
        { timeout: 30_000, describe: () => `the Testing view does not list ${JSON.stringify(names.filter((name) => !listed.some((l) => l.startsWith(`${name} `))))}: ${JSON.stringify(listed)}` },
      );
      // Issue 18.8: the palette run and the CodeLens run of one case show in the Testing view, not "Not yet run".
      const lensRun: Record<string, 'Passed' | 'Failed'> = { 'commit: fix(parser)': 'Passed', 'commit: feat(cli)': 'Passed', 'commit: refactor(cache)': 'Failed' };
      await waitFor(
        async () => {
          await expandTestTree(page);
          const rows = await testRows(page);
          return Object.entries(lensRun).every(([name, state]) => rows.some((r) => r.startsWith(name) && r.endsWith(` (${state})`)));
        },
        { timeout: 30_000, describe: async () => `summarize's cases after the editor's runs (before Run All Tests): ${JSON.stringify(await testRows(page))}` },
      );
      await runCommand(page, 'Test: Run All Tests');
      const expected: Record<string, 'Passed' | 'Failed'> = {
        france: 'Passed',
        japan: 'Passed',
        australia: 'Failed',
        canada: 'Failed',
        brazil: 'Passed',
        kenya: 'Failed',
        'double-charge': 'Passed',
        'export-crash': 'Failed',
        'sso-down': 'Passed',
        'dark-mode': 'Failed',
      };
      await waitFor(
        async () => {
          await expandTestTree(page);
          const rows = await testRows(page);
          return Object.entries(expected).every(([name, state]) => rows.some((r) => r.startsWith(`${name} (${state})`)));
        },
        { timeout: 60_000, describe: async () => `case states after Run All Tests: ${JSON.stringify(await testRows(page))}` },
      );
      await screenshot(page, 'extension-test-explorer');
      // Test runs go through the same runner: the dataset file shows their results too.
      await openFile(page, 'datasets/capitals.jsonl');
      const byLine = await waitFor(
        async () => {
          const lines = decorationTextsByLine(await editorDecorations(page));
          return lines.size >= 6 ? lines : undefined;
        },
        { timeout: 20_000, describe: async () => `capitals.jsonl decorations: ${JSON.stringify(await editorDecorations(page))}` },
      );
      assert.match(byLine.get(1)!, /^✓ 2\/2 passed/);
      assert.match(byLine.get(3)!, /^✗ 1\/2 passed · gpt-4o-mini failed: names the capital/);
      assert.match(byLine.get(4)!, /^✗ 1\/2 passed · gpt-4\.1-mini failed: names the capital/);
      const hover = await hoverLine(page, '"kenya"');
      assert.ok(hover.includes('<img src=x onerror='), `a model's HTML is shown as text in the hover: ${hover}`);
      assert.notEqual(await page.title(), 'pwned');
      await screenshot(page, 'extension-dataset-decorations');
      await page.keyboard.press('Escape');
    });

    await step(page, 'ext-cancel-keeps-finished-cases', async () => {
      await server.setOptions({ latencyMs: 1500 });
      const before = await serverStats();
      try {
        await openFile(page, 'capitals.prompt.yml');
        await runCommand(page, 'Prompt Workbench: Run Eval');
        await waitForStatusBar(page, /Eval capitals\.prompt\.yml ([2-9]|1[01])\/12/, 30_000);
        await runCommand(page, 'Prompt Workbench: Cancel Run');
        const message = await waitForNotification(page, /cancelled capitals\.prompt\.yml; kept \d+ finished result/, 20_000);
        await dismissResultsView(page);
        const kept = Number(/kept (\d+)/.exec(message)![1]);
        const record = await waitFor(
          async () => {
            const r = await newestRecord(workspace, 'capitals.prompt.yml');
            return r.status === 'cancelled' ? r : undefined;
          },
          { timeout: 10_000, describe: () => 'no cancelled capitals record on disk' },
        );
        const finished = record.results.filter((r) => r.status !== 'cancelled');
        assert.equal(record.results.length, 12, 'every case × model has a row, cancelled or not');
        assert.equal(finished.length, kept);
        assert.ok(kept >= 2 && kept < 12, `kept ${kept} of 12`);
        assert.ok(
          finished.every((r) => typeof r.output === 'string' && r.evaluations.length > 0),
          'finished cases keep their outputs and verdicts',
        );
        const sent = (await serverStats()).total - before.total;
        assert.ok(sent < 12, `cancel stopped the run: ${sent} of 12 requests were sent`);
        await screenshot(page, 'extension-cancelled');
      } finally {
        await server.setOptions({ latencyMs: 0 });
      }
    });

    await step(page, 'ext-activation-time', async () => {
      await runCommand(page, 'Developer: Show Running Extensions');
      // The list is sorted by activation time and virtualised: a fast activation puts the extension
      // below the fold, where its row is not in the DOM. Scroll through the whole list.
      let seen: string[] = [];
      const row = await waitFor(
        async () => {
          seen = [];
          return await findListRow(page, '.runtime-extensions-editor .monaco-list', (r) => r.startsWith('Prompt Workbench'), seen);
        },
        { timeout: 20_000, describe: () => `Prompt Workbench is not among the running extensions; the list (scrolled top to end) showed ${JSON.stringify(seen.map((r) => r.slice(0, 60)))}` },
      );
      log(`running extensions: ${row}`);
      assert.match(row, /Activation: \d+ms/);
      await screenshot(page, 'extension-running-extensions');
      // It opens as a modal editor that keeps the palette from opening: close it first.
      await page.keyboard.press('Escape');
      await page
        .locator('.runtime-extensions-editor')
        .waitFor({ state: 'hidden' })
        .catch(async () => {
          await page.locator('.monaco-modal-editor-block [aria-label^="Close"]').first().click();
          await page.locator('.runtime-extensions-editor').waitFor({ state: 'hidden' });
        });
    });

    await step(page, 'ext-api-key-in-secret-storage', async () => {
      await server.setOptions({ requireApiKey: SECRET_KEY });
      try {
        await openFile(page, 'summarize.prompt.yml');
        await runCommand(page, 'Prompt Workbench: Run Eval');
        await waitForNotification(page, /3 results of summarize\.prompt\.yml errored: 401/, 30_000);
        await dismissResultsView(page);
        await runCommand(page, 'Prompt Workbench: Set API Key…');
        await chooseQuickInputRow(page, { title: 'Prompt Workbench: Set API Key', row: { label: 'openai' }, what: 'the provider picker' });
        await fillQuickInput(page, 'Prompt Workbench: API key for openai', SECRET_KEY, { password: true });
        await waitForNotification(page, /stored the API key for openai in VS Code's secret storage/);
        const runsBefore = (await records(workspace, 'summarize.prompt.yml')).length;
        await openFile(page, 'summarize.prompt.yml');
        await runCommand(page, 'Prompt Workbench: Run Eval');
        const record = await waitFor(
          async () => {
            const all = await records(workspace, 'summarize.prompt.yml');
            return all.length > runsBefore && all[0].status === 'completed' ? all[0] : undefined;
          },
          { timeout: 30_000, describe: () => 'no new summarize record after storing the key' },
        );
        assert.deepEqual(statusCounts(record), { passed: 2, failed: 1 }, 'with the stored key every request is answered');
        await dismissResultsView(page);
        const requests = (await (await fetch(`${server.control}/__requests`)).json()) as { path: string; headers: Record<string, string> }[];
        assert.equal(requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.headers.authorization, `Bearer ${SECRET_KEY}`, 'the key from SecretStorage wins over OPENAI_API_KEY');
        for (const key of [SECRET_KEY, ENV_KEY]) {
          const leaks = await filesContaining(path.join(workspace, '.prompt-workbench'), key);
          assert.deepEqual(leaks, [], `a key was written to the results folder: ${leaks.join(', ')}`);
        }
      } finally {
        await server.setOptions({ requireApiKey: null });
      }
    });

    await step(page, 'ext-select-models', async () => {
      await openFile(page, 'summarize.prompt.yml');
      await runCommand(page, 'Prompt Workbench: Select Models…');
      // Tick the row with that label (not ArrowDown + Space: the filtered list may not have settled).
      await tickAndAccept(page, { title: 'Prompt Workbench: default models', filter: 'openai/gpt-4.1-mini', label: 'openai/gpt-4.1-mini', selected: /1 Selected/i });
      // Prompts that name only their model now also run the chosen default model.
      await waitForCodeLens(page, '▶ Run eval (3 cases × 2 models)', 20_000);
      await waitForStatusBar(page, /^gpt-4o-mini \+1$/);
      const settings = JSON.parse(await fs.readFile(path.join(workspace, '.vscode', 'settings.json'), 'utf8'));
      assert.deepEqual(settings['promptWorkbench.defaultModels'], ['openai/gpt-4.1-mini']);
    });

    await step(page, 'ext-prompt-file-by-content', async () => {
      // Issue 18.9: GitHub's examples are named sample_prompt.yml; gh models takes any path.
      await openFile(page, 'sample_prompt.yml');
      await waitForCodeLens(page, /^▶ Run eval \(1 case × 2 models\)/, 20_000);
      await waitForStatusBar(page, /^gpt-4o-mini \+1$/);
      await runCommand(page, 'Prompt Workbench: Run Eval');
      const record = await waitFor(
        async () => {
          const all = await records(workspace, 'sample_prompt.yml');
          return all[0]?.status === 'completed' ? all[0] : undefined;
        },
        { timeout: 30_000, describe: () => 'no completed record for sample_prompt.yml after Run Eval' },
      );
      assert.equal(record.results.length, 2, 'one case on two models');
      await screenshot(page, 'extension-prompt-by-content');
    });
  } finally {
    await cs.stop();
  }
  // VS Code's logs (the extension's output channel among them) are copied at stop.
  const channel = (await listFiles(logsDir)).filter((f) => /Prompt Workbench\.log$/.test(f));
  assert.ok(channel.length > 0, `the output channel log is among VS Code's logs in ${logsDir}`);
  const text = await fs.readFile(channel[0], 'utf8');
  assert.match(text, /openai\/gpt-4o-mini case .* ok tokens \d+ → \d+ \d+ ms/, 'each request is logged');
  log(`extension log: ${text.split('\n').find((l) => /activated in/.test(l)) ?? '(no activation line)'}`);
  for (const key of [SECRET_KEY, ENV_KEY]) {
    const leaks = await filesContaining(logsDir, key);
    assert.deepEqual(leaks, [], `a key appears in VS Code's logs: ${leaks.join(', ')}`);
  }
});

test('restricted mode: checks and estimates work, runs are refused with a message', { timeout: 300_000 }, async () => {
  const workspace = await copyWorkspace(template);
  const cs = await startCodeServer({ workspace, vsixPath: vsix, trusted: false, label: 'extension-restricted', env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: ENV_KEY } });
  try {
    const page = await newPage(browser, 'extension-restricted');
    await step(page, 'restricted-open', async () => {
      await openWorkbench(page, cs.url, workspace, { waitForCommand: 'Prompt Workbench: Set API Key…' });
      await waitFor(() => isRestrictedMode(page), { timeout: 20_000, describe: async () => `not in Restricted Mode; status bar: ${JSON.stringify(await statusBarTexts(page))}` });
    });
    await step(page, 'restricted-lenses', async () => {
      await openFile(page, 'summarize.prompt.yml');
      const expected = `Runs disabled in Restricted Mode | ${await expectedEstimate(workspace, path.join(workspace, 'summarize.prompt.yml'))} | Compare models | Compare with HEAD`;
      await waitForCodeLens(page, expected);
    });
    const before = await serverStats();
    await step(page, 'restricted-run-refused', async () => {
      await runCommand(page, 'Prompt Workbench: Run Eval');
      await waitForNotification(page, /runs are disabled in Restricted Mode/);
      await page.waitForTimeout(500); // let the toast finish sliding in for the picture
      await screenshot(page, 'extension-restricted');
    });
    await step(page, 'restricted-checks-still-work', async () => {
      await openFile(page, 'broken.prompt.yml');
      await waitFor(async () => (await problems(page)).some((p) => p.file === 'broken.prompt.yml' && /robot/.test(p.text) && /line 7/.test(p.text)), {
        timeout: 20_000,
        describe: async () => `Problems: ${JSON.stringify(await problems(page))}`,
      });
      await screenshot(page, 'extension-restricted-problems');
    });
    assert.equal((await serverStats()).total, before.total, 'nothing was sent');
    assert.equal(existsSync(path.join(workspace, '.prompt-workbench', 'runs')), false, 'no run record was written');
  } finally {
    await cs.stop();
  }
});

// ---------------------------------------------------------------------------------------------

/** examples/ without past runs, plus a malformed prompt file. */
async function makeWorkspaceTemplate(): Promise<string> {
  const dir = await examplesTemplate();
  await fs.writeFile(path.join(dir, 'broken.prompt.yml'), BROKEN_PROMPT);
  await fs.writeFile(path.join(dir, 'sample_prompt.yml'), SAMPLE_PROMPT);
  return dir;
}

async function serverStats(): Promise<{ total: number }> {
  return (await (await fetch(`${server.control}/__stats`)).json()) as { total: number };
}

/** The estimate lens as the core computes it, formatted here independently of the extension. */
async function expectedEstimate(workspace: string, file: string, text?: string): Promise<string> {
  const { config } = await loadWorkspaceConfig(workspace);
  const prepared = text === undefined ? await preparePrompt(file, { workspaceRoot: workspace }) : await preparePromptText(text, file, { workspaceRoot: workspace });
  const e = await estimateRun({ prompt: prepared.parsed.prompt!, cases: prepared.cases, pricing: pricingWith(config.pricing), providers: config.providers });
  const perCase = Math.round((e.inputTokens + e.outputTokens) / e.requests).toLocaleString('en-US');
  const batch = e.models.some((m) => m.batchCostUsd !== null) ? ` (batch ${e.batchCostIncomplete ? '≥' : '~'}$${Number(e.batchCostUsd.toPrecision(2))})` : '';
  return `Estimate: ${perCase} tokens/case · ~$${Number(e.costUsd.toPrecision(2))} per run${batch}`;
}

async function newestRecord(workspace: string, promptPath: string): Promise<RunRecord> {
  const [newest] = await records(workspace, promptPath);
  assert.ok(newest, `no run record for ${promptPath}`);
  return newest;
}

function statusCounts(record: RunRecord): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of record.results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

function decorationTextsByLine(decorations: { line: number; kind: string; text: string }[]): Map<number, string> {
  return new Map(decorations.filter((d) => d.kind === 'text' && /^[✓✗!○]/.test(d.text)).map((d) => [d.line, d.text]));
}

/** "label (State)" per row of the Testing view (its aria-label carries the state, the label element the name). */
async function testRows(page: Page): Promise<string[]> {
  return await page.evaluate(() =>
    [...document.querySelectorAll('.test-explorer .monaco-list-row')].map((r: any) => {
      const label = r.querySelector('.label');
      const name = ([...(label?.childNodes ?? [])].find((n: any) => n.nodeType === 3)?.textContent ?? label?.textContent ?? '').trim();
      const state = /\(([^()]*)\)(, in [^,]*)?$/.exec(r.getAttribute('aria-label') ?? '')?.[1] ?? '';
      return `${name} (${state})`;
    }),
  );
}

/** Expands every collapsed node of the Testing view's tree. */
async function expandTestTree(page: Page): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const twistie = page.locator('.test-explorer .monaco-list-row .monaco-tl-twistie.collapsible.collapsed').first();
    if (!(await twistie.isVisible().catch(() => false))) return;
    await twistie.click();
    await page.waitForTimeout(150);
  }
}

/** Types `value` into the input box titled `title` (a password box, if so) and accepts it. */
async function fillQuickInput(page: Page, title: string, value: string, options: { password?: boolean } = {}): Promise<void> {
  const input = page.locator(`.quick-input-widget .quick-input-box input${options.password ? '[type="password"]' : ''}`);
  await waitFor(async () => (await quickInputState(page)).title === title && (await input.isVisible()), {
    timeout: 20_000,
    describe: async () => `no input box titled ${title}: ${JSON.stringify(await quickInputState(page))}`,
  });
  await input.fill(value, { timeout: 5000 });
  assert.equal((await input.inputValue()).length, value.length, 'the input box holds the whole value');
  await acceptQuickInput(page, title, title);
}

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await listFiles(dir)) if ((await fs.readFile(file)).includes(needle)) hits.push(file);
  return hits;
}
