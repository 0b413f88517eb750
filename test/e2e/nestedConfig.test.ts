// A repository whose team/ folder has its own prompt-workbench.yml with `resultsDir: results`: the
// CLI (run from the repository root) and the editor must agree on where records go, and Open
// Results must list records under the configured folder.
//
//   bash scripts/setup-e2e.sh && npx tsc -p tsconfig.json
//   source scripts/node-env.sh && node --test out/test/e2e/nestedConfig.test.js

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT, launchBrowser, makeTempDir, newPage, openFile, openWorkbench, runCommand, startCodeServer, step, waitFor, waitForWebviewText, type CodeServer } from './harness.js';
import { productVsix, startTestServer, type TestServer } from './productSupport.js';

const PROMPT = `name: Team capitals
model: openai/gpt-4o-mini
messages:
  - role: user
    content: "What is the capital of {{country}}? Answer with the city only."
testData:
  - country: France
    expected: Paris
  - country: Japan
    expected: Tokyo
evaluators:
  - name: names the capital
    string:
      contains: "{{expected}}"
`;

let browser: Browser;
let server: TestServer;
let cs: CodeServer;
let page: Page;
let workspace: string;

async function recordFiles(): Promise<string[]> {
  const dir = path.join(workspace, 'team', 'results');
  return existsSync(dir) ? (await fs.readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort() : [];
}

before(async () => {
  const vsix = await productVsix();
  server = await startTestServer();
  workspace = path.join(await makeTempDir('nested'), 'repo');
  await fs.mkdir(path.join(workspace, 'team'), { recursive: true });
  await fs.writeFile(path.join(workspace, 'team', 'prompt-workbench.yml'), 'resultsDir: results\n');
  await fs.writeFile(path.join(workspace, 'team', 'x.prompt.yml'), PROMPT);
  spawnSync('git', ['init', '-q'], { cwd: workspace });
  cs = await startCodeServer({ workspace, vsixPath: vsix, trusted: true, label: 'nested', env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-e2e-nested-sentinel' } });
  browser = await launchBrowser();
  page = await newPage(browser, 'nested');
  await openWorkbench(page, cs.url, workspace, { waitForCommand: 'Prompt Workbench: Open Results' });
});

after(async () => {
  await browser?.close();
  await cs?.stop();
  await server?.stop();
});

test('nested config: the CLI and the editor write records to team/results, and Open Results lists them', { timeout: 300_000 }, async () => {
  const cliRecord = await step(page, 'cli-writes-to-resultsDir', async () => {
    const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.mjs'), 'eval', 'team/x.prompt.yml'], {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...process.env, OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-e2e-nested-sentinel' },
    });
    assert.ok(cli.status === 0 || cli.status === 1, `the CLI ran (exit ${cli.status}): ${cli.stderr}`);
    assert.match(cli.stdout, /Run record: team\/results\//);
    assert.equal(existsSync(path.join(workspace, '.prompt-workbench', 'runs')), false, 'nothing went to the default folder at the root');
    const files = await recordFiles();
    assert.equal(files.length, 1);
    return files[0];
  });

  await step(page, 'open-results-lists-the-record', async () => {
    await runCommand(page, 'Prompt Workbench: Open Results');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    await waitFor(async () => (await rows.first().textContent().catch(() => ''))?.includes('team/results/'), {
      timeout: 15_000,
      describe: async () => `Open Results did not offer ${cliRecord}; rows: ${JSON.stringify(await rows.allTextContents())}`,
    });
    await page.keyboard.press('Enter');
    await waitForWebviewText(page, 'Team capitals', 30_000);
  });

  await step(page, 'editor-writes-to-resultsDir', async () => {
    await openFile(page, 'team/x.prompt.yml');
    await runCommand(page, 'Prompt Workbench: Run Eval');
    await waitFor(async () => (await recordFiles()).length === 2, { timeout: 60_000, describe: async () => `the editor's run record is not in team/results (${JSON.stringify(await recordFiles())})` });
    assert.equal(existsSync(path.join(workspace, '.prompt-workbench', 'runs')), false, 'the editor did not write to the default folder either');
  });
});
