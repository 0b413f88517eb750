// VS Code language models (`vscode-lm/<id>`) end to end, in a real VS Code (code-server + Chromium).
// code-server has no language models of its own, so test/e2e/fixtures/lm-extension registers one
// through vscode.lm.registerLanguageModelChatProvider: "capitals-1" answers capital-city questions
// and counts ONE TOKEN PER CHARACTER, so counts that reach the run record are recognisably its own.
// The product (.vsix) and the fixture run on a copy of examples/ with NO OpenAI key or base URL.
//
//   npx tsc -p tsconfig.json
//   source scripts/node-env.sh && node --test out/test/e2e/vscodeLm.test.js
//
// PW_E2E_VSIX=<file> reuses a packaged extension instead of packaging one.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { estimateRun, loadWorkspaceConfig, outputTokenHistory, preparePrompt, pricingWith, type ChatMessage, type RunRecord } from '../../src/core/index.js';
import { toLmTurns } from '../../src/extension/models/lmMessages.js';
import {
  clearNotifications,
  codeLensTexts,
  copyWorkspace,
  fixture,
  launchBrowser,
  log,
  makeTempDir,
  newPage,
  openFile,
  openWorkbench,
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
  waitForWebviewText,
} from './harness.js';
import { dismissResultsView, examplesTemplate, hoverLine, productVsix, records, replaceLine, tickAndAccept } from './productSupport.js';

// The page callbacks run in the browser; the project compiles without the DOM lib.
declare const document: any;

const LM_ID = 'capitals-1';
const MODEL = `vscode-lm/${LM_ID}`;
const PROMPT = 'capitals.prompt.yml';
/** What the fixture answers (its table), by the dataset's country. */
const ANSWERS: Record<string, string> = { France: 'Paris', Japan: 'Tokyo', Australia: 'Canberra', Canada: 'Ottawa', Brazil: 'Brasília', Kenya: 'Nairobi' };
/** The fixture's tokenizer: one token per Unicode code point. */
const fixtureTokens = (text: string) => [...text].length;

interface FixtureLogEntry {
  kind: 'activated' | 'response' | 'count';
  model?: string;
  messages?: { role: string; text: string }[];
  modelOptions?: Record<string, unknown>;
  output?: string;
  text?: string;
  message?: boolean;
  tokens?: number;
}

let browser: Browser;
let vsix: string;
let template: string;

before(async () => {
  // The harness hands this process's environment to code-server: nothing OpenAI may be in it.
  for (const key of Object.keys(process.env)) if (/^OPENAI_/.test(key)) delete process.env[key];
  vsix = await productVsix();
  template = await examplesTemplate();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

test('vscode-lm: a language model from another extension is offered, runs the eval and counts tokens', { timeout: 420_000 }, async () => {
  const workspace = await copyWorkspace(template);
  const fixtureLog = path.join(await makeTempDir('lmlog'), 'lm-fixture.jsonl');
  const cs = await startCodeServer({
    workspace,
    vsixPath: vsix,
    extensionDirs: [fixture('lm-extension')],
    trusted: true,
    label: 'vscode-lm',
    env: { PW_LM_FIXTURE_LOG: fixtureLog },
    userSettings: { 'promptWorkbench.cache': false },
  });
  try {
    const page = await newPage(browser, 'vscode-lm');
    await step(page, 'lm-open-workbench', () => openWorkbench(page, cs.url, workspace, { waitForCommand: 'Prompt Workbench: Select Models…' }));
    const file = path.join(workspace, PROMPT);

    await step(page, 'lm-no-openai-key', async () => {
      // The unedited prompt runs OpenAI models: refused, because there is no key and no local base URL.
      await openFile(page, PROMPT);
      await waitForStatusBar(page, /^gpt-4o-mini \+1$/);
      await runCommand(page, 'Prompt Workbench: Run Eval');
      await waitForNotification(page, /cannot run capitals\.prompt\.yml with openai\/gpt-4o-mini: no API key for provider "openai"/);
      await clearNotifications(page);
      assert.deepEqual(await records(workspace, PROMPT), [], 'nothing ran without a key');
    });

    await step(page, 'lm-select-models-offers-the-model', async () => {
      await runCommand(page, 'Prompt Workbench: Select Models…');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await waitFor(async () => (await quickInputState(page)).title === 'Prompt Workbench: default models', {
        timeout: 20_000,
        describe: async () => `no "default models" picker: ${JSON.stringify(await quickInputState(page))}`,
      });
      await input.fill(MODEL);
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: MODEL }).first();
      await row.waitFor({ state: 'visible', timeout: 20_000 }).catch(async () => {
        await input.fill('vscode-lm/');
        await page.waitForTimeout(500);
        throw new Error(`"Select Models…" does not offer ${MODEL}; its vscode-lm rows: ${JSON.stringify(await quickInputRows(page))}`);
      });
      const rows = await quickInputRows(page);
      assert.ok(
        rows.some((r) => r.includes(MODEL) && r.includes('VS Code language model (no API key needed)')),
        `the row describes the model: ${JSON.stringify(rows)}`,
      );
      await screenshot(page, 'vscode-lm-select-models');
      // Tick the row with that label (not ArrowDown + Space: the filtered list may not have settled).
      await tickAndAccept(page, { title: 'Prompt Workbench: default models', filter: MODEL, label: MODEL, selected: /1 Selected/i });
      await waitFor(
        async () => {
          const settingsFile = path.join(workspace, '.vscode', 'settings.json');
          if (!existsSync(settingsFile)) return undefined;
          const settings = JSON.parse(await fs.readFile(settingsFile, 'utf8'));
          return JSON.stringify(settings['promptWorkbench.defaultModels']) === JSON.stringify([MODEL]);
        },
        { timeout: 10_000, describe: () => `promptWorkbench.defaultModels is not [${MODEL}] in .vscode/settings.json` },
      );
    });

    await step(page, 'lm-edit-prompt-to-the-model', async () => {
      // The prompt runs its own model plus workbench.models: point both at the language model.
      const original = await fs.readFile(file, 'utf8');
      const lines = original.split('\n');
      const modelLine = lines.indexOf('model: openai/gpt-4o-mini') + 1;
      const modelsLine = lines.indexOf('  models: [openai/gpt-4.1-mini]') + 1;
      assert.ok(modelLine > 0 && modelsLine > 0, `${PROMPT} changed: update this test`);
      await openFile(page, PROMPT);
      await replaceLine(page, modelLine, `model: ${MODEL}`);
      await replaceLine(page, modelsLine, `models: [${MODEL}]`);
      await page.keyboard.press('Control+S');
      const expected = original.replace('model: openai/gpt-4o-mini', `model: ${MODEL}`).replace('  models: [openai/gpt-4.1-mini]', `  models: [${MODEL}]`);
      await waitFor(async () => (await fs.readFile(file, 'utf8')) === expected, { timeout: 10_000, describe: () => `${PROMPT} on disk is not the edited text` });
      await waitForStatusBar(page, new RegExp(`^${LM_ID}$`));
    });

    await step(page, 'lm-codelens-estimate', async () => {
      const estimate = await expectedEstimate(workspace, file);
      assert.match(estimate, /^Estimate: [\d,]+ tokens\/case · cost unknown$/, 'the model counts its own tokens (exact, no ≈); no price is known');
      const expected = `▶ Run eval (6 cases × 1 model) | ${estimate} | Compare models | Compare with HEAD | Generate rows`;
      await waitFor(async () => (await codeLensTexts(page)).includes(expected), {
        timeout: 30_000,
        describe: async () => `prompt lens: expected ${JSON.stringify(expected)}, got ${JSON.stringify(await codeLensTexts(page))}`,
      });
      await screenshot(page, 'vscode-lm-codelens');
    });

    await step(page, 'lm-token-hover-uses-countTokens', async () => {
      // The hover counts with the model's own countTokens: one token per character here.
      const system = 'You are a geography expert. Answer with the name of the capital city only, no punctuation.';
      const user = 'What is the capital of France?';
      const hover = await hoverLine(page, 'role: system');
      assert.match(hover, new RegExp(`Tokens per message · ${LM_ID} \\(E2E Capitals’s own countTokens\\)`), hover);
      assert.match(hover, new RegExp(`0\\s+system\\s+${fixtureTokens(system)}\\b`), hover);
      assert.match(hover, new RegExp(`1\\s+user\\s+${fixtureTokens(user)}\\b`), hover);
      assert.match(hover, new RegExp(`Per request: ${fixtureTokens(system) + fixtureTokens(user)} input tokens, filled with case "france`), hover);
      const counted = (await readFixtureLog(fixtureLog)).filter((e) => e.kind === 'count' && !e.message).map((e) => e.text);
      assert.ok(counted.includes(system) && counted.includes(user), `the fixture counted the hover's messages: ${JSON.stringify(counted)}`);
      await screenshot(page, 'vscode-lm-token-hover');
      await page.keyboard.press('Escape');
    });

    let record: RunRecord | undefined;
    await step(page, 'lm-run-eval', async () => {
      await runCommand(page, 'Prompt Workbench: Run Eval');
      let consent = 0;
      record = await waitFor(
        async () => {
          // VS Code may ask whether Prompt Workbench may use the model (models that need sign-in).
          if (await answerLmConsent(page)) consent++;
          const [newest] = await records(workspace, PROMPT);
          return newest?.status === 'completed' ? newest : undefined;
        },
        {
          timeout: 60_000,
          describe: async () =>
            `no completed ${PROMPT} record; records: ${JSON.stringify((await records(workspace, PROMPT)).map((r) => r.status))}; notifications/status: ${JSON.stringify(await statusBarTexts(page))}`,
        },
      );
      log(`language model consent dialogs answered: ${consent}`);
      // The results view beside the prompt shows the language model's answers.
      const view = await waitForWebviewText(page, /Canberra/, 20_000);
      assert.match(view, /capitals-1/, `the results view names the model: ${view.slice(0, 500)}`);
      await screenshot(page, 'vscode-lm-run');
      await dismissResultsView(page);
    });

    await step(page, 'lm-run-record', async () => {
      const r = record!;
      assert.deepEqual(r.models, [MODEL]);
      assert.equal(r.results.length, 6, 'six cases × one model');
      const fixtureRequests = (await readFixtureLog(fixtureLog)).filter((e) => e.kind === 'response');
      assert.equal(fixtureRequests.length, 6, `the fixture model answered every case once: ${JSON.stringify(fixtureRequests)}`);
      for (const result of r.results) {
        const country = String(r.cases.find((c) => c.id === result.caseId)?.vars.country);
        const answer = ANSWERS[country];
        assert.ok(answer, `case ${result.caseId} has a known country (${country})`);
        assert.equal(result.model, MODEL);
        assert.equal(result.status, 'passed', `${result.caseId}: ${JSON.stringify(result.evaluations)} ${JSON.stringify(result.error)}`);
        assert.equal(result.output, answer, `${result.caseId}: the output is the fixture model's answer`);
        // What the fixture received: VS Code's API has no system role, so the system message leads the user turn.
        const [system, user] = result.messages;
        const sent = `${system.content}\n\n${user.content}`;
        const request = fixtureRequests.find((e) => e.messages?.length === 1 && e.messages[0].text === sent);
        assert.ok(request, `${result.caseId}: the fixture received one user turn ${JSON.stringify(sent)}; it saw ${JSON.stringify(fixtureRequests.map((e) => e.messages))}`);
        assert.equal(request.output, answer);
        assert.deepEqual(request.modelOptions, { temperature: 0, max_tokens: 20 }, 'modelParameters reach the model as modelOptions');
        // Token usage comes from the fixture's countTokens (one per character), not from a tokenizer.
        assert.deepEqual(result.usage, { inputTokens: fixtureTokens(sent), outputTokens: fixtureTokens(answer), cachedInputTokens: 0 }, `${result.caseId}: usage`);
        assert.equal(result.costUsd, null, 'no price is known for a VS Code language model');
      }
      assert.equal(r.summary.passed, 6);
      assert.equal(
        r.summary.inputTokens,
        r.results.reduce((s, x) => s + x.usage!.inputTokens, 0),
      );
      assert.equal(
        r.summary.outputTokens,
        Object.values(ANSWERS).reduce((s, a) => s + fixtureTokens(a), 0),
      );
      // The counts the product recorded are the ones the fixture returned for those texts.
      const counts = (await readFixtureLog(fixtureLog)).filter((e) => e.kind === 'count');
      for (const answer of Object.values(ANSWERS)) {
        assert.ok(
          counts.some((e) => e.text === answer && e.tokens === fixtureTokens(answer)),
          `the fixture counted the output ${answer}`,
        );
      }
    });

    await step(page, 'lm-codelens-after-run', async () => {
      // The estimate's output side now comes from the run: the fixture's output token counts.
      await openFile(page, PROMPT);
      const estimate = await expectedEstimate(workspace, file, true);
      const lens = await waitForCodeLens(page, 'Last run: 6/6 passed');
      const expected = `▶ Run eval (6 cases × 1 model) | ${estimate} | Compare models | Compare with HEAD | Last run: 6/6 passed · cost unknown | Generate rows`;
      await waitFor(async () => (await codeLensTexts(page)).includes(expected), {
        timeout: 30_000,
        describe: async () => `prompt lens after the run: expected ${JSON.stringify(expected)}, got ${JSON.stringify(await codeLensTexts(page))} (first seen ${JSON.stringify(lens)})`,
      });
      await screenshot(page, 'vscode-lm-codelens-after-run');
    });
  } finally {
    await cs.stop();
  }
});

// ---------------------------------------------------------------------------------------------

async function readFixtureLog(file: string): Promise<FixtureLogEntry[]> {
  if (!existsSync(file)) return [];
  return (await fs.readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as FixtureLogEntry);
}

/** The estimate lens as the core computes it (output from past runs when `withHistory`), formatted here. */
async function expectedEstimate(workspace: string, file: string, withHistory = false): Promise<string> {
  const { config } = await loadWorkspaceConfig(workspace);
  const prepared = await preparePrompt(file, { workspaceRoot: workspace });
  const outputHistory = withHistory ? await outputTokenHistory(path.join(workspace, '.prompt-workbench', 'runs'), path.relative(workspace, file)) : undefined;
  // The fixture counts one token per character of each turn the product sends (system text folded
  // into the user turn), so the expected count is computed the same way here.
  const counters = { [MODEL]: async (messages: readonly ChatMessage[]) => toLmTurns(messages).reduce((n, t) => n + fixtureTokens(t.content), 0) };
  const e = await estimateRun({ prompt: prepared.parsed.prompt!, cases: prepared.cases, models: [MODEL], pricing: pricingWith(config.pricing), providers: config.providers, outputHistory, counters });
  if (withHistory) assert.equal(e.models[0].outputBasis, 'history', 'the estimate uses the past run');
  const perCase = Math.round((e.inputTokens + e.outputTokens) / e.requests).toLocaleString('en-US');
  return `Estimate: ${perCase} tokens/case · cost unknown`;
}

async function quickInputRows(page: Page): Promise<string[]> {
  return await page.evaluate(() =>
    [...document.querySelectorAll('.quick-input-widget .monaco-list-row')].map((r: any) => (r.getAttribute('aria-label') || r.textContent || '').replace(/\s+/g, ' ').trim()),
  );
}

/** Clicks "Allow" on VS Code's language-model access dialog if one is open; true when it did. */
async function answerLmConsent(page: Page): Promise<boolean> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: /language model|wants to use|sign in/i });
  if (!(await dialog.isVisible().catch(() => false))) return false;
  log(`language model dialog: ${(await dialog.innerText()).replace(/\s+/g, ' ')}`);
  await screenshot(page, 'vscode-lm-consent');
  await dialog
    .getByRole('button', { name: /^Allow/i })
    .first()
    .click();
  await dialog.waitFor({ state: 'hidden' });
  return true;
}
