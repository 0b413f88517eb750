// Proves the e2e harness on a hand-written probe extension (test/e2e/fixtures/probe-extension):
// code-server starts with it installed, the palette runs its commands, and a notification, a file it
// writes, its webview's text, its CodeLens, its decorations and its Problems entry are read back; an
// untrusted launch (installed from a .vsix) comes up in Restricted Mode.
//
//   bash scripts/setup-e2e.sh
//   npx tsc -p tsconfig.json
//   source scripts/node-env.sh && node --test out/test/e2e/probe.test.js

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  copyWorkspace,
  editorDecorations,
  fixture,
  isRestrictedMode,
  launchBrowser,
  log,
  makeTempDir,
  newPage,
  notifications,
  openFile,
  openWorkbench,
  problems,
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

const PROBE = fixture('probe-extension');
const WORKSPACE = fixture('probe-workspace');

let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

test('trusted launch: palette, notification, written file, webview, CodeLens, decorations, Problems', { timeout: 240_000 }, async () => {
  const workspace = await copyWorkspace(WORKSPACE);
  const server = await startCodeServer({ workspace, extensionDirs: [PROBE], trusted: true });
  try {
    const page = await newPage(browser, 'probe-trusted');
    await step(page, 'trusted-open-workbench', () => openWorkbench(page, server.url, workspace, { waitForCommand: 'Probe: Say Hello' }));
    assert.equal(await isRestrictedMode(page), false, 'a --disable-workspace-trust launch must not be in Restricted Mode');

    await step(page, 'trusted-say-hello', async () => {
      await runCommand(page, 'Probe: Say Hello');
      const message = await waitForNotification(page, 'Hello from the probe');
      assert.match(message, /Hello from the probe \(trusted: true\)/);
    });
    const written = path.join(workspace, 'probe-hello.txt');
    await waitFor(() => existsSync(written), { timeout: 10_000, describe: () => `the probe did not write ${written}` });
    assert.equal(await fs.readFile(written, 'utf8'), 'Hello from the probe (trusted: true)\n');

    await step(page, 'trusted-open-webview', async () => {
      await runCommand(page, 'Probe: Open Webview');
      const text = await waitForWebviewText(page, 'Probe webview: hello from the webview');
      // The second line is written by the webview's own script: scripts run under its CSP.
      assert.match(text, /Probe webview script ran: 42/, `webview text was: ${text}`);
    });

    await step(page, 'trusted-quick-open', async () => {
      await openFile(page, 'notes.txt');
      // The editor's cursor position is in the status bar once a text editor has focus.
      await waitForStatusBar(page, /Ln \d+, Col \d+/);
    });

    await step(page, 'trusted-codelens', async () => {
      const lens = await waitForCodeLens(page, 'Probe lens:');
      // notes.txt has three lines and a final newline: four lines for VS Code.
      assert.equal(lens, 'Probe lens: 4 lines | Probe second lens');
    });

    await step(page, 'trusted-decorations-and-problems', async () => {
      await runCommand(page, 'Probe: Decorate Editor');
      const decorations = await waitFor(
        async () => {
          const found = await editorDecorations(page);
          return found.some((d) => d.kind === 'glyph') && found.some((d) => d.kind === 'text') ? found : undefined;
        },
        { timeout: 15_000, describe: async () => `decorations: ${JSON.stringify(await editorDecorations(page))}` },
      );
      assert.deepEqual(
        decorations.map((d) => [d.line, d.kind, d.text]).sort(),
        [
          [2, 'glyph', ''],
          [2, 'text', '✓ probe passed'],
        ].sort(),
        `decorations: ${JSON.stringify(decorations)}`,
      );
      const entries = await waitFor(
        async () => {
          const list = await problems(page);
          return list.length > 0 ? list : undefined;
        },
        { timeout: 15_000, describe: () => 'the Problems panel stayed empty' },
      );
      log(`problems: ${JSON.stringify(entries)}`);
      assert.equal(entries.length, 1, `problems: ${JSON.stringify(entries)}`);
      assert.equal(entries[0].file, 'notes.txt');
      assert.match(entries[0].text, /Probe problem on line three/);
    });
    await screenshot(page, 'probe-trusted');
  } finally {
    await server.stop();
  }
});

test('restricted launch from a .vsix: trust prompt answered No, Restricted Mode, command still runs', { timeout: 240_000 }, async () => {
  const workspace = await copyWorkspace(WORKSPACE);
  const vsix = await packVsix(PROBE);
  const server = await startCodeServer({
    workspace,
    vsixPath: vsix,
    trusted: false,
    userSettings: { 'security.workspace.trust.startupPrompt': 'always' },
  });
  try {
    const page = await newPage(browser, 'probe-restricted');
    // The trust prompt is turned back on for this launch, so the harness's answer to it is proven too.
    await step(page, 'restricted-open-workbench', () => openWorkbench(page, server.url, workspace, { trustDialog: 'restricted', waitForCommand: 'Probe: Say Hello' }));
    await step(page, 'restricted-mode-shown', () =>
      waitFor(() => isRestrictedMode(page), {
        timeout: 20_000,
        describe: async () => `no Restricted Mode indicator; status bar: ${JSON.stringify(await statusBarTexts(page))}`,
      }),
    );
    // The probe declares limited support for untrusted workspaces, so it still runs and says so.
    await step(page, 'restricted-say-hello', async () => {
      await runCommand(page, 'Probe: Say Hello');
      const message = await waitForNotification(page, 'Hello from the probe');
      assert.match(message, /\(trusted: false\)/, `notifications: ${JSON.stringify(await notifications(page))}`);
    });
    await screenshot(page, 'probe-restricted');
  } finally {
    await server.stop();
  }
});

/** Packs an extension folder as a minimal .vsix (a zip with the files under extension/). */
async function packVsix(dir: string): Promise<string> {
  const out = path.join(await makeTempDir('vsix'), 'probe.vsix');
  const script = [
    'import os, sys, zipfile',
    'src, out = sys.argv[1], sys.argv[2]',
    'with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:',
    '    for root, _, files in os.walk(src):',
    '        for f in files:',
    '            p = os.path.join(root, f)',
    '            z.write(p, "extension/" + os.path.relpath(p, src))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, dir, out], { encoding: 'utf8' });
  assert.equal(result.status, 0, `packing ${dir} as a .vsix failed: ${result.stderr}`);
  return out;
}
