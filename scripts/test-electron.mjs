// `npm run test:electron`: the in-editor suite (test/electron/suite.cjs) in a VS Code that
// @vscode/test-electron downloads. Machines without internet cannot download it; then this says so
// and exits 0 ("skipped") – the real-editor suite CI relies on is `npm run test:e2e` (code-server).
//   PW_VSCODE_VERSION=1.139.1 npm run test:electron   – pin the VS Code version (default: stable)
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function skip(reason) {
  console.log(`test:electron SKIPPED – ${reason}`);
  console.log('The real-editor suite that CI relies on is `npm run test:e2e` (code-server + Chromium, offline).');
  process.exit(0);
}

// Electron needs a display; on a headless Linux box re-run this script under xvfb-run.
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.PW_UNDER_XVFB) {
  const which = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' });
  if (which.status !== 0) skip('no display and no xvfb-run (apt-get install xvfb) to provide one');
  const r = spawnSync('xvfb-run', ['-a', process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, PW_UNDER_XVFB: '1' } });
  process.exit(r.status ?? 1);
}

const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');

let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version: process.env.PW_VSCODE_VERSION ?? 'stable', timeout: 30_000 });
} catch (error) {
  skip(`could not download VS Code from update.code.visualstudio.com (${error instanceof Error ? error.message.split('\n')[0] : error}); this machine has no internet access or it is blocked`);
}

for (const [command, args] of [
  [process.execPath, ['scripts/build.mjs']],
  [process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']],
]) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const { startTestServer } = await import(path.join(root, 'out/test/support/openaiServer.js'));
const { readFile } = await import('node:fs/promises');
const replies = JSON.parse(await readFile(path.join(root, 'test/fixtures/example-replies.json'), 'utf8')).replies;
const server = await startTestServer({ replies });
const workspace = await mkdtemp(path.join(tmpdir(), 'pw-electron-'));
let code = 1;
try {
  await cp(path.join(root, 'examples'), workspace, { recursive: true });
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'test/electron/suite.cjs'),
    extensionTestsEnv: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'electron-suite-key' },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`test:electron failed: ${error instanceof Error ? error.message : error}`);
} finally {
  await server.close();
  await rm(workspace, { recursive: true, force: true });
}
process.exit(code);
