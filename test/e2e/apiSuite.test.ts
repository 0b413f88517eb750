// The in-editor API suite (test/electron/suite.cjs, written for @vscode/test-electron, which cannot
// download VS Code on an offline machine) run in a real VS Code instead: code-server with the
// product (.vsix) and test/e2e/fixtures/suite-runner-extension, whose "Suite Runner: Run" requires
// the suite named by PW_API_SUITE, awaits its run() and writes what it printed and the outcome to
// .suite-runner/result.json in the workspace. The environment is the one scripts/test-electron.mjs
// gives the suite: a copy of examples/ and the OpenAI-compatible test server with the example rules.
//
//   npx tsc -p tsconfig.json
//   source scripts/node-env.sh && node --test out/test/e2e/apiSuite.test.js
//
// PW_E2E_VSIX=<file> reuses a packaged extension; PW_API_SUITE=<file> runs another suite file.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { REPO_ROOT, copyWorkspace, fixture, launchBrowser, log, newPage, openWorkbench, runCommand, screenshot, startCodeServer, step, waitFor, waitForNotification } from './harness.js';
import { examplesTemplate, productVsix, startTestServer, type TestServer } from './productSupport.js';

const SUITE = path.resolve(process.env.PW_API_SUITE ?? path.join(REPO_ROOT, 'test', 'electron', 'suite.cjs'));

interface SuiteResult {
  suite?: string;
  outcome: 'running' | 'passed' | 'failed' | 'error';
  error?: string;
  passed?: number;
  failed?: number;
  durationMs?: number;
  lines: string[];
}

let browser: Browser;
let vsix: string;
let server: TestServer;
let template: string;

before(async () => {
  vsix = await productVsix();
  server = await startTestServer();
  template = await examplesTemplate();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test(`the in-editor API suite (${path.relative(REPO_ROOT, SUITE)}) passes in code-server`, { timeout: 300_000 }, async () => {
  const names = suiteTestNames(SUITE);
  assert.ok(names.length > 0, `no tests found in ${SUITE}`);
  const workspace = await copyWorkspace(template);
  const cs = await startCodeServer({
    workspace,
    vsixPath: vsix,
    extensionDirs: [fixture('suite-runner-extension')],
    trusted: true,
    label: 'api-suite',
    env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'api-suite-key', PW_API_SUITE: SUITE },
  });
  const resultFile = path.join(workspace, '.suite-runner', 'result.json');
  try {
    const page = await newPage(browser, 'api-suite');
    await step(page, 'suite-open-workbench', () => openWorkbench(page, cs.url, workspace, { waitForCommand: 'Suite Runner: Run' }));
    const result = await step(page, 'suite-run', async () => {
      await runCommand(page, 'Suite Runner: Run');
      const done = await waitFor(
        async () => {
          if (!existsSync(resultFile)) return undefined;
          const r = JSON.parse(await fs.readFile(resultFile, 'utf8')) as SuiteResult;
          return r.outcome === 'running' ? undefined : r;
        },
        {
          timeout: 180_000,
          describe: async () => `the suite did not finish: ${existsSync(resultFile) ? await fs.readFile(resultFile, 'utf8') : `${resultFile} was never written (did the runner start?)`}`,
        },
      );
      await waitForNotification(page, /Suite Runner: (passed|failed)/).catch(() => undefined);
      await screenshot(page, 'api-suite');
      return done;
    });
    log(`suite output:\n${result.lines.join('\n')}`);
    const output = `\n--- suite output ---\n${result.lines.join('\n')}\n--- error ---\n${result.error ?? '(none)'}`;
    const passed = result.lines.filter((l) => l.startsWith('✔ ')).map((l) => l.slice(2));
    const failed = result.lines.filter((l) => l.startsWith('✖ ')).map((l) => l.slice(2));
    assert.deepEqual(failed, [], `tests failed in the editor:${output}`);
    assert.equal(result.outcome, 'passed', `run() rejected:${output}`);
    // Every test the file defines ran and passed, in order, and its own tally agrees.
    assert.deepEqual(passed, names, `passed tests vs the suite's tests:${output}`);
    assert.ok(result.lines.includes(`ℹ tests ${names.length}`) && result.lines.includes(`ℹ pass ${names.length}`) && result.lines.includes('ℹ fail 0'), `the suite's summary:${output}`);
  } finally {
    await cs.stop();
  }
});

/** The test names of a suite written as `const tests = [['name', async () => …], …]`. */
function suiteTestNames(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*\[\s*'((?:[^'\\]|\\.)*)'\s*,\s*async\s*\(/gm)].map((m) => m[1].replace(/\\(.)/g, '$1'));
}
