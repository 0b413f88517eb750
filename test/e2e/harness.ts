// Real-editor e2e harness: code-server (VS Code in a browser) driven through Debian's Chromium with
// playwright-core. Plain functions; a suite uses them like this:
//
//   const workspace = await copyWorkspace(fixture('probe-workspace'));
//   const server = await startCodeServer({ workspace, extensionDirs: [dir], trusted: true });
//   const browser = await launchBrowser();
//   try {
//     const page = await newPage(browser, 'probe');
//     await openWorkbench(page, server.url, workspace);
//     await runCommand(page, 'Probe: Say Hello');
//     await waitForNotification(page, 'Hello from the probe');
//   } finally {
//     await browser.close();
//     await server.stop();
//   }
//
// Needs `bash scripts/setup-e2e.sh` first (Chromium, Node 24 and code-server under .cache/).
// Artifacts (screenshots, code-server and browser logs, VS Code's own logs) go to test-results/e2e/.
// Every process started here is stopped by its own pid (its process group) in stop(), and also on
// SIGINT/SIGTERM/exit if a suite did not get that far.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import * as fs from 'node:fs/promises';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

// The callbacks passed to page.evaluate() run in the browser. The project compiles without the DOM
// lib (tsconfig: lib ES2023), so the few browser globals they use are declared loosely, for this
// module only.
declare const document: any;
declare function getComputedStyle(element: any, pseudo?: string): any;
type Element = any;
type HTMLElement = any;

// ---------------------------------------------------------------------------------------------
// Paths and knobs

/** The repository root (the folder holding scripts/setup-e2e.sh), found from this file's location. */
export const REPO_ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

/** Screenshots and logs (ignored by git). PW_E2E_ARTIFACTS overrides the folder. */
export const ARTIFACTS_DIR = path.resolve(process.env.PW_E2E_ARTIFACTS ?? path.join(REPO_ROOT, 'test-results', 'e2e'));
export const SCREENSHOTS_DIR = path.join(ARTIFACTS_DIR, 'screenshots');
export const LOGS_DIR = path.join(ARTIFACTS_DIR, 'logs');

/** PW_E2E_HEADED=1 shows the browser (needs a display); PW_E2E_SLOWMO=<ms> slows every action. */
const HEADED = process.env.PW_E2E_HEADED === '1';
const SLOWMO = Number(process.env.PW_E2E_SLOWMO ?? 0) || 0;
/**
 * PW_E2E_TRACE_FOCUS=1 logs every change of the keyboard focus, the active editor group and the
 * tabs (and the open quick input) to the page's browser log: what moved the focus, and when.
 */
const TRACE_FOCUS = process.env.PW_E2E_TRACE_FOCUS === '1';
/** PW_E2E_KEEP=1 keeps the temporary user-data, extensions and workspace folders. */
const KEEP_TEMP = process.env.PW_E2E_KEEP === '1';
/** PW_E2E_TIMEOUT_SCALE multiplies every wait (slow machines). */
const SCALE = Number(process.env.PW_E2E_TIMEOUT_SCALE ?? 1) || 1;
const CHROMIUM = process.env.PW_CHROMIUM ?? '/usr/bin/chromium';
const CODE_SERVER_PKG = path.join(REPO_ROOT, '.cache', 'code-server', 'node_modules', 'code-server');
const SETUP_HINT = 'run `bash scripts/setup-e2e.sh` first';

/** Scales a timeout in milliseconds by PW_E2E_TIMEOUT_SCALE. */
export function ms(value: number): number {
  return Math.round(value * SCALE);
}

/** A fixture folder under test/e2e/fixtures (the source tree, not out/). */
export function fixture(name: string): string {
  return path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', name);
}

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'scripts', 'setup-e2e.sh'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`e2e: no repository root (scripts/setup-e2e.sh) above ${start}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Logging and waiting

const runStarted = Date.now();
let suiteLog: WriteStream | undefined;

/** A timestamped line on stderr and in test-results/e2e/logs/e2e.log. */
export function log(message: string): void {
  const line = `[e2e +${((Date.now() - runStarted) / 1000).toFixed(1)}s] ${message}`;
  process.stderr.write(line + '\n');
  try {
    if (!suiteLog) {
      mkdirSync(LOGS_DIR, { recursive: true });
      suiteLog = createWriteStream(path.join(LOGS_DIR, 'e2e.log'), { flags: 'a' });
    }
    suiteLog.write(`${new Date().toISOString()} pid ${process.pid} ${line}\n`);
  } catch {
    // Logging never fails a test.
  }
}

/** Runs `fn` and logs how long it took. */
export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    log(`${label}: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  }
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/**
 * Polls `check` until it returns something other than undefined/false/null, then returns it.
 * On timeout throws an Error whose message is `describe()` (say what was expected and what was seen).
 * Errors `check` throws are retried (the last one is quoted on timeout), except QuickInputClosedError,
 * which is thrown at once.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeout?: number; interval?: number; describe: () => string | Promise<string> },
): Promise<T> {
  const deadline = Date.now() + ms(options.timeout ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value as T;
      lastError = undefined;
    } catch (error) {
      // A picker that closed under the check will not come back by waiting: the caller redoes the gesture.
      if (error instanceof QuickInputClosedError) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError ? ` [last error: ${String((lastError as Error).message ?? lastError).split('\n')[0]}]` : '';
      throw new Error(`${await options.describe()}${why}`);
    }
    await sleep(options.interval ?? 250);
  }
}

/**
 * Waits until the workbench's UI thread has had no long task (over 50 ms) for `quietMs`: after a
 * large file opens, the editor tokenizes and lays it out in the background for seconds (its own
 * work, with or without extensions), and a measurement taken meanwhile times that, not the
 * extension. Returns how long it waited.
 */
export async function waitForQuietEditor(page: Page, options: { quietMs?: number; timeout?: number } = {}): Promise<number> {
  const quietMs = options.quietMs ?? 1000;
  const started = Date.now();
  await page.evaluate(() => {
    const w = globalThis as any;
    if (w.__pwLastLongTask !== undefined) return;
    w.__pwLastLongTask = performance.now();
    new (w.PerformanceObserver as any)((list: any) => {
      for (const entry of list.getEntries()) w.__pwLastLongTask = Math.max(w.__pwLastLongTask, entry.startTime + entry.duration);
    }).observe({ type: 'longtask' });
  });
  await waitFor(async () => (await page.evaluate(() => performance.now() - (globalThis as any).__pwLastLongTask)) >= quietMs, {
    timeout: options.timeout ?? 60_000,
    interval: 100,
    describe: () => `the editor did not settle: a long task within every ${quietMs} ms`,
  });
  return Date.now() - started;
}

// ---------------------------------------------------------------------------------------------
// Process and temp-folder cleanup

/** Process groups we started (pid = pgid, spawned detached) and temp folders to remove. */
const ownedGroups = new Set<number>();
const ownedTempDirs = new Set<string>();
let exitHandlersInstalled = false;

function installExitHandlers(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  // Synchronous on purpose: these run while the process is going away.
  process.on('exit', killEverythingNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping ${ownedGroups.size} code-server process group(s)`);
      killEverythingNow();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

function killEverythingNow(): void {
  for (const pid of ownedGroups) killGroup(pid, 'SIGKILL');
  ownedGroups.clear();
  if (!KEEP_TEMP) for (const dir of ownedTempDirs) rmSync(dir, { recursive: true, force: true });
  ownedTempDirs.clear();
}

/** Signals the process group led by `pid` (a process we spawned with detached: true). */
function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A fresh temporary folder, removed at stop/exit unless PW_E2E_KEEP=1. */
export async function makeTempDir(label: string): Promise<string> {
  installExitHandlers();
  // Short paths: code-server and VS Code put Unix sockets under these folders (108-byte limit).
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `pwe2e-${label}-`));
  ownedTempDirs.add(dir);
  return dir;
}

/** Removes a folder made by makeTempDir (kept with PW_E2E_KEEP=1). */
export async function removeTempDir(dir: string): Promise<void> {
  ownedTempDirs.delete(dir);
  if (KEEP_TEMP) log(`kept ${dir} (PW_E2E_KEEP=1)`);
  else await fs.rm(dir, { recursive: true, force: true });
}

/** Copies a workspace fixture to a temporary folder so tests can write into it freely. */
export async function copyWorkspace(source: string): Promise<string> {
  const dir = await makeTempDir('ws');
  const workspace = path.join(dir, path.basename(source));
  await fs.cp(source, workspace, { recursive: true });
  return workspace;
}

// ---------------------------------------------------------------------------------------------
// code-server

/** A free TCP port on 127.0.0.1 (the OS picks it; startCodeServer retries if it is taken meanwhile). */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface CodeServerOptions {
  /** Folder opened as the workspace (use copyWorkspace for a throwaway copy). */
  workspace: string;
  /**
   * Extension folders (each with its package.json at the top) copied into a fresh extensions dir as
   * <publisher>.<name>-<version>. Top-level node_modules, .git, .cache, out, test-results and
   * .prompt-workbench are not copied: pass a self-contained (bundled) extension or use vsixPath.
   */
  extensionDirs?: string[];
  /** One or more .vsix files, unpacked into the fresh extensions dir (their extension/ folder). */
  vsixPath?: string | string[];
  /** true: --disable-workspace-trust (everything enabled); false: a restricted-mode (untrusted) launch. */
  trusted: boolean;
  /** Merged over the harness's quiet defaults into <user-data-dir>/User/settings.json. */
  userSettings?: Record<string, unknown>;
  /** A name for the log file (default: trusted / restricted). */
  label?: string;
  /** Extra environment for code-server and the extension host (e.g. a test server URL). */
  env?: Record<string, string>;
}

export interface CodeServer {
  /** http://127.0.0.1:<port> (no trailing slash). */
  url: string;
  /** The workbench URL with the workspace folder: <url>/?folder=<workspace>. */
  workbenchUrl: string;
  pid: number;
  port: number;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  /** Stops code-server and everything it started (its process group); copies VS Code's logs. */
  stop(): Promise<void>;
}

/** Settings that keep a fresh VS Code quiet and deterministic. */
const DEFAULT_USER_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.codeLens': true,
  'files.autoSave': 'off',
  // Restricted-mode launches open without the modal trust prompt (the banner and status item remain).
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
};

/**
 * Starts code-server on a free loopback port with fresh user-data and extensions folders, the given
 * extensions installed, and `workspace` as its folder. Resolves when /healthz answers.
 * Its stdout/stderr go to test-results/e2e/logs/code-server-<label>-<port>.log.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  installExitHandlers();
  const entry = path.join(CODE_SERVER_PKG, 'out', 'node', 'entry.js');
  if (!existsSync(entry)) throw new Error(`e2e: code-server is not installed (${entry} missing); ${SETUP_HINT}`);
  const node = node24();
  const label = options.label ?? (options.trusted ? 'trusted' : 'restricted');
  const workspace = path.resolve(options.workspace);
  if (!existsSync(workspace)) throw new Error(`e2e: workspace ${workspace} does not exist`);

  const root = await makeTempDir(`cs-${label}`);
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const home = path.join(root, 'home');
  await Promise.all([userDataDir, extensionsDir, home].map((dir) => fs.mkdir(dir, { recursive: true })));
  await fs.mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await fs.writeFile(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...options.userSettings }, null, 2));
  for (const dir of options.extensionDirs ?? []) await installExtensionFolder(dir, extensionsDir);
  const vsixes = options.vsixPath === undefined ? [] : [options.vsixPath].flat();
  for (const vsix of vsixes) await installVsix(vsix, extensionsDir, root);
  // Its own config file, so code-server never writes ~/.config/code-server/config.yaml.
  const configFile = path.join(home, 'config.yaml');
  await fs.writeFile(configFile, 'auth: none\ncert: false\n');

  await fs.mkdir(LOGS_DIR, { recursive: true });
  let lastError: Error | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const logFile = path.join(LOGS_DIR, `code-server-${label}-${port}.log`);
    const args = [
      entry,
      '--config',
      configFile,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(options.trusted ? ['--disable-workspace-trust'] : []),
      workspace,
    ];
    const env = codeServerEnv(node, home, options.env);
    const t0 = Date.now();
    const out = createWriteStream(logFile);
    out.write(`$ ${node} ${args.join(' ')}\n\n`);
    const child = spawn(node, args, { cwd: workspace, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
    if (pid === undefined) throw new Error('e2e: code-server did not start (no pid)');
    ownedGroups.add(pid);
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    let exited: string | undefined;
    child.on('exit', (code, signal) => {
      exited = `code-server exited (code ${code}, signal ${signal})`;
      out.write(`\n[harness] ${exited}\n`);
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor(
        async () => {
          if (exited) throw new Error(exited);
          const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
          return response.ok;
        },
        {
          timeout: 60_000,
          interval: 200,
          describe: async () => `e2e: code-server did not answer ${url}/healthz; ${exited ?? 'still running'}; log ${logFile}:\n${await tail(logFile)}`,
        },
      );
    } catch (error) {
      await stopGroup(pid);
      out.end();
      lastError = error as Error;
      if (/EADDRINUSE/.test(await tail(logFile))) {
        log(`port ${port} was taken, retrying (${attempt}/3)`);
        continue;
      }
      throw error;
    }
    log(`code-server (${label}) pid ${pid} ready at ${url} in ${((Date.now() - t0) / 1000).toFixed(1)}s; log ${path.relative(REPO_ROOT, logFile)}`);

    let stopped = false;
    const stop = async (): Promise<void> => {
      if (stopped) return;
      stopped = true;
      await stopGroup(pid);
      out.end();
      // VS Code's own logs (extension host, remote agent) help most when an extension misbehaves.
      const vscodeLogs = path.join(userDataDir, 'logs');
      if (existsSync(vscodeLogs)) {
        await fs.cp(vscodeLogs, path.join(LOGS_DIR, `vscode-${label}-${port}`), { recursive: true }).catch(() => {});
      }
      await removeTempDir(root);
      log(`code-server (${label}) pid ${pid} stopped`);
    };
    return {
      url,
      workbenchUrl: workbenchUrl(url, workspace),
      pid,
      port,
      workspace,
      userDataDir,
      extensionsDir,
      logFile,
      stop,
    };
  }
  throw lastError ?? new Error('e2e: code-server did not start');
}

/** Node 24 for code-server: PW_NODE24_DIR, .cache/node24, or the current node if it is 24. */
function node24(): string {
  const candidates = [process.env.PW_NODE24_DIR && path.join(process.env.PW_NODE24_DIR, 'bin', 'node'), path.join(REPO_ROOT, '.cache', 'node24', 'bin', 'node')].filter(
    (candidate): candidate is string => Boolean(candidate),
  );
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  if (process.versions.node.startsWith('24.')) return process.execPath;
  throw new Error(`e2e: Node 24 for code-server not found (${candidates.join(', ')}); ${SETUP_HINT}`);
}

function codeServerEnv(node: string, home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Inside a VS Code terminal, VSCODE_IPC_HOOK_CLI & co. would make code-server hand the folder to
    // that editor instead of serving it; NODE_OPTIONS from a test runner must not leak in either.
    if (key.startsWith('VSCODE_') || key === 'NODE_OPTIONS' || key.startsWith('NODE_TEST')) continue;
    env[key] = value;
  }
  return {
    ...env,
    PATH: `${path.dirname(node)}${path.delimiter}${env.PATH ?? ''}`,
    // Keep code-server's config, data (session socket, coder-logs) and caches out of the real home.
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    CODE_SERVER_CONFIG: path.join(home, 'config.yaml'),
    ...extra,
  };
}

/** SIGTERM to the group, SIGKILL after 5 s if anything is left. Only our own group (pgid = pid). */
async function stopGroup(pid: number): Promise<void> {
  if (!ownedGroups.has(pid)) return;
  if (killGroup(pid, 'SIGTERM')) {
    const deadline = Date.now() + 5000;
    while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(pid)) {
      log(`code-server group ${pid} ignored SIGTERM; SIGKILL`);
      killGroup(pid, 'SIGKILL');
    }
  }
  ownedGroups.delete(pid);
}

/** The URL that opens `workspace` in the workbench served at `url`. */
export function workbenchUrl(url: string, workspace: string): string {
  return `${url}/?folder=${encodeURIComponent(workspace)}`;
}

const NOT_COPIED = new Set(['node_modules', '.git', '.cache', 'out', 'test-results', '.prompt-workbench', '.vscode-test']);

async function readManifest(dir: string): Promise<{ publisher: string; name: string; version: string }> {
  const file = path.join(dir, 'package.json');
  const manifest = JSON.parse(await fs.readFile(file, 'utf8')) as { publisher?: string; name?: string; version?: string };
  if (!manifest.publisher || !manifest.name || !manifest.version) {
    throw new Error(`e2e: ${file} needs publisher, name and version to be installed as an extension`);
  }
  return { publisher: manifest.publisher, name: manifest.name, version: manifest.version };
}

/** Copies an extension folder into extensionsDir/<publisher>.<name>-<version>; returns that folder. */
export async function installExtensionFolder(source: string, extensionsDir: string): Promise<string> {
  const { publisher, name, version } = await readManifest(source);
  const target = path.join(extensionsDir, `${publisher}.${name}-${version}`.toLowerCase());
  await fs.cp(source, target, {
    recursive: true,
    filter: (file) => path.dirname(file) !== path.resolve(source) || !NOT_COPIED.has(path.basename(file)),
  });
  log(`installed extension ${publisher}.${name}@${version} from ${path.relative(REPO_ROOT, source) || '.'}`);
  return target;
}

/** Unpacks a .vsix (a zip whose extension/ folder is the extension) into extensionsDir. */
export async function installVsix(vsix: string, extensionsDir: string, scratch: string): Promise<string> {
  if (!existsSync(vsix)) throw new Error(`e2e: ${vsix} does not exist`);
  const unpacked = await fs.mkdtemp(path.join(scratch, 'vsix-'));
  await unzip(vsix, unpacked);
  const extensionRoot = path.join(unpacked, 'extension');
  if (!existsSync(path.join(extensionRoot, 'package.json'))) throw new Error(`e2e: ${vsix} has no extension/package.json`);
  const target = await installExtensionFolder(extensionRoot, extensionsDir);
  await fs.rm(unpacked, { recursive: true, force: true });
  return target;
}

/** Extracts a zip with Python's zipfile (python3 is there: node-gyp needs it), else `unzip`. */
async function unzip(zip: string, into: string): Promise<void> {
  const attempts: Array<[string, string[]]> = [
    ['python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, into]],
    ['unzip', ['-q', '-o', zip, '-d', into]],
  ];
  const errors: string[] = [];
  for (const [command, args] of attempts) {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    if (result.status === 0) return;
    errors.push(`${command}: ${result.error?.message ?? result.stderr.trim()}`);
  }
  throw new Error(`e2e: could not unpack ${zip}: ${errors.join('; ')}`);
}

async function tail(file: string, lines = 40): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------------------------------------
// Browser

/**
 * Debian's Chromium via playwright-core. Playwright gives each launch a fresh temporary profile;
 * HOME and XDG folders point at a temporary folder too (Chromium's crash reporter and dconf would
 * otherwise write into the real home).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`e2e: ${CHROMIUM} not found; ${SETUP_HINT}`);
  const home = await makeTempDir('browser');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !HEADED,
    slowMo: SLOWMO,
    env: { ...env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-dev-shm-usage',
      '--disable-crash-reporter',
    ],
  });
  browser.on('disconnected', () => void removeTempDir(home));
  return browser;
}

/**
 * A page in a fresh browser context (its own storage), 1400x900, with the browser console and page
 * errors written to test-results/e2e/logs/browser-<name>.log.
 */
export async function newPage(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'http://127.0.0.1' }).catch(() => {});
  const page = await context.newPage();
  page.setDefaultTimeout(ms(30_000));
  await fs.mkdir(LOGS_DIR, { recursive: true });
  const out = createWriteStream(path.join(LOGS_DIR, `browser-${safeName(name)}.log`), { flags: 'a' });
  page.on('console', (message) => out.write(`[console.${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => out.write(`[pageerror] ${error.stack ?? error.message}\n`));
  page.on('close', () => out.end());
  if (TRACE_FOCUS) await page.addInitScript(traceFocus);
  return page;
}

/**
 * In the workbench page (not its frames): every 30 ms, if the focused element, the editor groups'
 * tabs or the quick input changed, one console line "[focus <epoch ms>] …" (PW_E2E_TRACE_FOCUS=1).
 */
function traceFocus(): void {
  const win = globalThis as any;
  if (win.top !== win) return;
  let last = '';
  setInterval(() => {
    const active = document.activeElement;
    const groups = [...document.querySelectorAll('.editor-group-container')];
    const tabs = groups
      .map(
        (group) =>
          `${group.classList.contains('active') ? 'A:' : ''}${[...group.querySelectorAll('.tabs-container .tab')].map((tab) => `${tab.classList.contains('active') ? '*' : ''}${(tab.getAttribute('aria-label') ?? '').split(', ')[0]}`).join('|')}`,
      )
      .join(' || ');
    const widget = document.querySelector('.quick-input-widget');
    const picker = widget && widget.style.display !== 'none' ? ` picker ${JSON.stringify(widget.querySelector('.quick-input-title')?.textContent ?? '')}` : '';
    const where = active?.closest?.('.editor-group-container') ? ` in group ${groups.indexOf(active.closest('.editor-group-container'))}` : '';
    const line = `${active ? `${active.tagName}.${String(active.className).split(' ')[0]}` : 'none'}${where}${picker} :: ${tabs}`;
    if (line !== last) console.log(`[focus ${Date.now()}] ${line}`);
    last = line;
  }, 30);
}

/** Saves a full-page PNG to test-results/e2e/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${safeName(name)}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${path.relative(REPO_ROOT, file)}`);
  return file;
}

/**
 * Runs `fn`; if it throws, saves a screenshot named `FAILED-<name>` and rethrows with its path added
 * to the message. Wrap each scenario step so a failure leaves a picture behind.
 */
export async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await timed(name, fn);
  } catch (error) {
    let shot = '';
    try {
      shot = await screenshot(page, `FAILED-${name}`);
    } catch {
      shot = '(no screenshot)';
    }
    const message = error instanceof Error ? error.message : String(error);
    const wrapped = new Error(`step "${name}" failed: ${message}\n  screenshot: ${shot}`);
    // Keep the original stack (where in the suite it failed) under the new message.
    if (error instanceof Error && error.stack)
      wrapped.stack = `${wrapped.message}\n${error.stack
        .split('\n')
        .filter((line) => /^\s+at /.test(line))
        .join('\n')}`;
    throw wrapped;
  }
}

function safeName(name: string): string {
  return (
    name
      .replace(/[^a-zA-Z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'unnamed'
  );
}

// ---------------------------------------------------------------------------------------------
// Workbench

export interface OpenWorkbenchOptions {
  /**
   * A command title (e.g. 'Prompt Workbench: Run Eval') the extension under test contributes: also
   * wait until the palette lists it, i.e. the extension has been scanned and its commands registered.
   */
  waitForCommand?: string;
  /**
   * For a restricted launch whose userSettings turn the trust prompt back on
   * ('security.workspace.trust.startupPrompt': 'always'): wait for the modal "Do you trust the
   * authors…" dialog and answer it ('restricted' = No, 'trust' = Yes). Without this option the
   * harness's default settings never show that dialog.
   */
  trustDialog?: 'trust' | 'restricted';
  timeout?: number;
}

/**
 * Opens `workspace` in the workbench at `url` and waits until it is usable: `.monaco-workbench`, the
 * status bar, the Explorer showing the folder's files, no "activating extensions" progress and, with
 * `waitForCommand`, the extension under test's command in the palette. (Without it, commands may
 * still be registering for a second or two; runCommand waits for them anyway.)
 */
export async function openWorkbench(page: Page, url: string, workspace: string, options: OpenWorkbenchOptions = {}): Promise<void> {
  const t0 = Date.now();
  const timeout = options.timeout ?? 90_000;
  await page.goto(workbenchUrl(url, workspace), { waitUntil: 'domcontentloaded', timeout: ms(timeout) });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: ms(timeout) });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: ms(timeout) });
  // The Explorer lists the workspace: the remote file system is connected.
  const folderName = path.basename(workspace);
  await waitFor(
    async () => {
      return await page.evaluate((name) => document.querySelectorAll('.explorer-folders-view .monaco-list-row').length > 0 || document.title.includes(name), folderName);
    },
    {
      timeout,
      describe: async () => `e2e: the Explorer never showed ${workspace} (status bar: ${JSON.stringify(await statusBarTexts(page).catch(() => []))})`,
    },
  );
  // The remote extension host reports progress in the status bar while it starts.
  await waitFor(async () => !(await statusBarTexts(page)).some((text) => /activating extensions|initializing/i.test(text)), {
    timeout,
    describe: async () => `e2e: extensions still activating (status bar: ${JSON.stringify(await statusBarTexts(page))})`,
  });
  // The trust prompt comes once the remote side has answered, a while after the workbench shows.
  if (options.trustDialog) await answerTrustDialog(page, options.trustDialog);
  if (options.waitForCommand) await waitForCommand(page, options.waitForCommand, timeout);
  log(`workbench ready in ${((Date.now() - t0) / 1000).toFixed(1)}s (${folderName})`);
}

async function answerTrustDialog(page: Page, choice: 'trust' | 'restricted'): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: /trust the authors/i });
  await dialog.waitFor({ state: 'visible', timeout: ms(60_000) }).catch(async () => {
    throw new Error(`e2e: no workspace trust dialog appeared (status bar: ${JSON.stringify(await statusBarTexts(page))})`);
  });
  const button = choice === 'trust' ? /^Yes, I trust/i : /^No, I don.t trust/i;
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'hidden', timeout: ms(10_000) });
  log(`workspace trust dialog answered: ${choice}`);
}

/** The text of a modal dialog that would swallow keyboard input, if one is open. */
async function openDialogText(page: Page): Promise<string | undefined> {
  const dialog = page.locator('.monaco-dialog-box');
  if (!(await dialog.isVisible().catch(() => false))) return undefined;
  return ((await dialog.innerText().catch(() => '')) || '(dialog)').replace(/\s+/g, ' ').slice(0, 200);
}

/** Clicks into the editor area so keyboard shortcuts reach the workbench, and closes open pickers. */
async function focusWorkbench(page: Page): Promise<void> {
  const dialog = await openDialogText(page);
  if (dialog) throw new Error(`a modal dialog is open and takes the keyboard: "${dialog}"`);
  if (
    await page
      .locator('.quick-input-widget')
      .isVisible()
      .catch(() => false)
  ) {
    await page.keyboard.press('Escape');
  }
  const focus = await page.evaluate(() => {
    const active = document.activeElement;
    // A focused webview keeps the keyboard and can take focus back from a picker: let go of it
    // (the workbench listens for shortcuts on the window, so they still arrive).
    if (active?.tagName === 'IFRAME') {
      active.blur();
      return 'webview';
    }
    return active?.closest('.monaco-workbench') ? 'workbench' : 'elsewhere';
  });
  if (focus === 'elsewhere')
    await page
      .locator('.part.editor')
      .click({ position: { x: 5, y: 5 }, force: true })
      .catch(() => {});
}

// ---------------------------------------------------------------------------------------------
// Quick inputs: the command palette, Quick Open and the pickers extensions show

/** One row of the open quick-input list. */
export interface QuickInputRow {
  /** The item's position in the list (data-index; the list is virtualised). */
  index: number;
  label: string;
  description: string;
  /** The row's accessible text (label, description, detail). */
  aria: string;
  /** aria-checked of a multi-select row; null in a single-select list. */
  checked: boolean | null;
}

export interface QuickInputState {
  visible: boolean;
  title: string;
  value: string;
  rows: QuickInputRow[];
}

/** Which row: its whole label (case-insensitive) or a RegExp, and text its description or accessible label contains. */
export interface QuickInputRowMatcher {
  label?: string | RegExp;
  description?: string;
  aria?: string;
}

/**
 * A quick input that had appeared closed (or turned into another picker) before a row was chosen:
 * VS Code closes pickers when the keyboard focus moves elsewhere (a webview taking focus back, an
 * editor restored after a reload). The gesture that opened it has to be made again.
 */
export class QuickInputClosedError extends Error {}

/** How long a quick-input list must stay the same before a row is clicked: lists fill and re-sort in steps. */
const QUICK_INPUT_SETTLE_MS = 300;

/** What the quick input shows now (rows only while it is visible: a hidden one keeps its old DOM). */
export async function quickInputState(page: Page): Promise<QuickInputState> {
  return await page.evaluate(() => {
    const widget = document.querySelector('.quick-input-widget');
    const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const visible = !!widget && widget.style.display !== 'none' && widget.checkVisibility();
    const rows = visible
      ? [...widget.querySelectorAll('.monaco-list-row')]
          .map((row) => ({
            index: Number(row.getAttribute('data-index')),
            label: text(row.querySelector('.label-name')) || (row.getAttribute('aria-label') ?? '').replace(/\s+/g, ' ').trim(),
            description: text(row.querySelector('.label-description')),
            aria: (row.getAttribute('aria-label') ?? '').replace(/\s+/g, ' ').trim(),
            checked: row.hasAttribute('aria-checked') ? row.getAttribute('aria-checked') === 'true' : null,
          }))
          .sort((a, b) => a.index - b.index)
      : [];
    return { visible, title: visible ? text(widget.querySelector('.quick-input-title')) : '', value: visible ? (widget.querySelector('.quick-input-box input')?.value ?? '') : '', rows };
  });
}

function rowMatches(row: QuickInputRow, matcher: QuickInputRowMatcher): boolean {
  if (matcher.label !== undefined) {
    const ok = typeof matcher.label === 'string' ? row.label.toLowerCase() === matcher.label.toLowerCase() : matcher.label.test(row.label);
    if (!ok) return false;
  }
  if (matcher.description !== undefined && !row.description.includes(matcher.description)) return false;
  if (matcher.aria !== undefined && !row.aria.includes(matcher.aria)) return false;
  return true;
}

function describeMatcher(matcher: QuickInputRowMatcher): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(matcher)
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [key, String(value)]),
    ),
  );
}

function describeQuickInput(state: QuickInputState | undefined): string {
  if (!state) return '(not read)';
  if (!state.visible) return 'no quick input open';
  return `title ${JSON.stringify(state.title)}, value ${JSON.stringify(state.value)}, rows ${JSON.stringify(state.rows.slice(0, 12).map((r) => r.aria || r.label))}`;
}

const signatureOf = (state: QuickInputState): string => JSON.stringify([state.visible, state.title, state.value, state.rows.map((r) => [r.index, r.aria, r.checked])]);

/**
 * Waits for a quick input (with `title`, if given; showing `value`, if given) to list a row matching
 * `row`, waits for the list to settle (the same rows for QUICK_INPUT_SETTLE_MS: items arrive from the
 * extension host after the picker shows, and fuzzy lists re-sort while results come in), then
 * clicks that row – found again by its data-index and checked to still be that row right before the
 * click – or, with `toggle`, ticks its checkbox. A click that does not take (the list still shows
 * the same, with the row unpicked) is made again.
 *
 * Throws QuickInputClosedError when the picker had appeared and then closed or changed title first,
 * so the caller can redo the gesture that opened it. `emptyAfter` (ms): give up early, with a plain
 * Error, when the list says "No matching …" that long (commands register a moment after start-up).
 */
export async function chooseQuickInputRow(
  page: Page,
  options: { row: QuickInputRowMatcher; what: string; title?: string | RegExp; value?: string; toggle?: boolean; timeout?: number; emptyAfter?: number; click?: boolean },
): Promise<QuickInputRow> {
  const deadline = Date.now() + ms(options.timeout ?? 20_000);
  let state: QuickInputState | undefined;
  let appeared = false;
  let signature = '';
  let since = Date.now();
  let emptySince: number | undefined;
  for (;;) {
    state = await quickInputState(page);
    const ours = state.visible && (options.title === undefined || matches(state.title, options.title));
    if (ours) appeared = true;
    else if (appeared) throw new QuickInputClosedError(`e2e: ${options.what}: the picker closed before a row was chosen (now: ${describeQuickInput(state)})`);
    if (ours && (options.value === undefined || state.value === options.value)) {
      const now = signatureOf(state);
      if (now !== signature) {
        signature = now;
        since = Date.now();
      }
      const empty = state.rows.length === 1 && /^no matching/i.test(state.rows[0].label);
      emptySince = empty ? (emptySince ?? Date.now()) : undefined;
      if (options.emptyAfter !== undefined && emptySince !== undefined && Date.now() - emptySince > options.emptyAfter) {
        throw new Error(`e2e: ${options.what}: not listed (${describeQuickInput(state)})`);
      }
      const target = state.rows.find((r) => rowMatches(r, options.row));
      if (target && Date.now() - since >= QUICK_INPUT_SETTLE_MS) {
        if (options.click === false) return target;
        if (options.toggle && target.checked === true) return target;
        if (await clickQuickInputRow(page, target, options.toggle === true)) {
          if (options.toggle) {
            // The tick shows on the row (aria-checked) once the picker has it.
            const ticked = await waitFor(async () => (await quickInputState(page)).rows.find((r) => r.index === target.index)?.checked === true, {
              timeout: 2000,
              interval: 100,
              describe: () => 'not ticked',
            }).catch(() => false);
            if (ticked) return { ...target, checked: true };
          } else {
            const moved = await waitFor(async () => signatureOf(await quickInputState(page)) !== signature, { timeout: 2000, interval: 100, describe: () => 'unchanged' }).catch(() => false);
            if (moved) return target;
          }
          log(`${options.what}: the click on ${JSON.stringify(target.aria || target.label)} did not take; clicking again`);
          signature = '';
        }
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `e2e: ${options.what}: ${appeared ? `no settled row matching ${describeMatcher(options.row)}` : `no picker${options.title ? ` titled ${options.title}` : ''} appeared`}; ${describeQuickInput(state)}`,
      );
    }
    await sleep(100);
  }
}

/** Clicks (or ticks) the row at `row.index` if it still is that row; false when the list changed under it. */
async function clickQuickInputRow(page: Page, row: QuickInputRow, toggle: boolean): Promise<boolean> {
  const element = page.locator(`.quick-input-widget .monaco-list-row[data-index="${row.index}"]`);
  const aria = ((await element.getAttribute('aria-label', { timeout: ms(2000) }).catch(() => null)) ?? '').replace(/\s+/g, ' ').trim();
  if (aria !== row.aria) return false;
  // In a multi-select list a click on the row's label toggles its checkbox.
  const label = element.locator('label.quick-input-list-label').first();
  const target = toggle && (await label.count()) > 0 ? label : element;
  // Playwright clicks only when the row is the element under the pointer, so a row that moved is not
  // clicked through a neighbour; a short timeout hands a vanished row back to the caller's loop.
  return await target.click({ timeout: ms(3000) }).then(
    () => true,
    () => false,
  );
}

/**
 * Runs `gesture` – something that opens a picker and acts on it – again when the picker closed
 * under it (QuickInputClosedError: the keyboard focus went elsewhere, which VS Code answers by
 * closing the picker), up to `attempts` times. Any other error fails at once.
 */
export async function retryClosedPicker<T>(what: string, gesture: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await gesture();
    } catch (error) {
      if (!(error instanceof QuickInputClosedError) || attempt >= attempts) throw error;
      log(`${what}: ${error.message.replace(/^e2e: /, '')}; again (attempt ${attempt + 1}/${attempts})`);
    }
  }
}

/**
 * Accepts the open quick input (Enter in its box, which keeps the focus; the OK button of a
 * multi-select picker if Enter does not close it) and waits until it has closed or turned into the
 * next picker. Throws QuickInputClosedError if it was not open.
 */
export async function acceptQuickInput(page: Page, what: string, title?: string | RegExp): Promise<void> {
  const before = await quickInputState(page);
  if (!before.visible || (title !== undefined && !matches(before.title, title))) {
    throw new QuickInputClosedError(`e2e: ${what}: the picker closed before it was accepted (now: ${describeQuickInput(before)})`);
  }
  const accepted = async () => {
    const now = await quickInputState(page);
    return !now.visible || now.title !== before.title;
  };
  await page
    .locator('.quick-input-widget .quick-input-box input')
    .press('Enter', { timeout: ms(3000) })
    .catch(() => undefined);
  if (await waitFor(accepted, { timeout: 2000, interval: 100, describe: () => '' }).catch(() => false)) return;
  await page
    .locator('.quick-input-widget')
    .getByRole('button', { name: 'OK' })
    .click({ timeout: ms(3000) })
    .catch(() => undefined);
  await waitFor(accepted, { timeout: 5000, describe: async () => `e2e: ${what}: the picker did not close when accepted (${describeQuickInput(await quickInputState(page))})` });
}

async function openQuickInput(page: Page, key: string, prefix: string, value: string): Promise<void> {
  await focusWorkbench(page);
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.keyboard.press(key);
  if (!(await input.isVisible().catch(() => false))) {
    await input.waitFor({ state: 'visible', timeout: ms(5000) }).catch(async () => {
      // The first key press can be swallowed while the workbench takes focus; try once more (F1 = palette).
      await focusWorkbench(page);
      await page.keyboard.press(prefix === '>' ? 'F1' : key);
      await input.waitFor({ state: 'visible', timeout: ms(10_000) });
    });
  }
  // fill() replaces the picker's text in one input event: no fuzzy matches on partial typing.
  // The picker can close again right after it opens (a webview taking focus back); a short timeout
  // lets the caller reopen it instead of waiting out the page's 30 s default.
  await input.fill(prefix + value, { timeout: ms(5000) });
}

/**
 * Opens a quick input with `key`, types `prefix + value`, waits until a row whose label is exactly
 * `label` (case-insensitive; and whose description contains `description`, if given) is listed and
 * the list has settled, and clicks it (chooseQuickInputRow). When the row is not listed, or the
 * picker closes under us, the picker is opened again (extensions register commands asynchronously
 * after start-up; a webview can take the focus back).
 */
async function pickFromQuickInput(
  page: Page,
  options: {
    key: string;
    prefix: string;
    value: string;
    label: string;
    description?: string;
    what: string;
    timeout: number;
    /** false: only wait until the row is listed, then close the picker. */
    pick?: boolean;
  },
): Promise<void> {
  let seen = '';
  let attempt = 0;
  await waitFor(
    async () => {
      if (attempt++ > 0) log(`${options.what} not picked yet (attempt ${attempt}): ${seen}`);
      try {
        await openQuickInput(page, options.key, options.prefix, options.value);
        await chooseQuickInputRow(page, {
          row: { label: options.label, description: options.description },
          value: options.prefix + options.value,
          what: options.what,
          timeout: 3000,
          emptyAfter: 600,
          click: options.pick !== false,
        });
      } catch (error) {
        seen = (error as Error).message.replace(/^e2e: /, '');
        if ((await quickInputState(page)).visible) await page.keyboard.press('Escape');
        return false;
      }
      if (options.pick === false) await page.keyboard.press('Escape');
      return true;
    },
    {
      timeout: options.timeout,
      interval: 500,
      describe: () => `e2e: ${options.what} not found; ${seen}`,
    },
  );
}

/**
 * Runs a command from the palette (Ctrl+Shift+P) by its full title as the palette shows it, e.g.
 * 'Probe: Say Hello'. Waits until a row with exactly that label is listed (extensions register
 * their commands asynchronously after the workbench appears), then picks it. Fails with the
 * labels that were listed instead.
 */
export async function runCommand(page: Page, title: string, options: { timeout?: number } = {}): Promise<void> {
  await pickFromQuickInput(page, { ...paletteRow(title), timeout: options.timeout ?? 45_000 });
  log(`ran command "${title}"`);
}

/** Waits until the command palette lists `title` (without running it). */
export async function waitForCommand(page: Page, title: string, timeout = 45_000): Promise<void> {
  await pickFromQuickInput(page, { ...paletteRow(title), timeout, pick: false });
}

function paletteRow(title: string) {
  return { key: 'Control+Shift+P', prefix: '>', value: title, label: title, what: `command "${title}" in the command palette` };
}

export interface ActiveEditor {
  /** 0-based index of the active editor group (-1: none). */
  group: number;
  /** The active tab's label (before the ", Editor Group …" part of its aria-label). */
  label: string;
  /** The file name of the resource the active tab shows (data-resource-name), '' for a webview panel. */
  resource: string;
  /** The keyboard focus is in that group's text editor. */
  focused: boolean;
}

/** The active editor group's active tab, and whether its text editor has the keyboard focus. */
export async function activeEditor(page: Page): Promise<ActiveEditor> {
  return await page.evaluate(() => {
    const groups = [...document.querySelectorAll('.editor-group-container')];
    const group = document.querySelector('.editor-group-container.active');
    const tab = group?.querySelector('.tabs-container .tab.active');
    const editor = group?.querySelector('.editor-container .monaco-editor');
    return {
      group: group ? groups.indexOf(group) : -1,
      label: (tab?.getAttribute('aria-label') ?? '').split(', ')[0].trim(),
      resource: tab?.getAttribute('data-resource-name') ?? '',
      focused: !!editor && !!document.activeElement && editor.contains(document.activeElement) && !document.activeElement.closest('.monaco-diff-editor'),
    };
  });
}

/**
 * Opens a workspace file with Quick Open (Ctrl+P) by its path relative to the workspace, and waits
 * until its text editor is the active editor and has the keyboard focus – and still has it a moment
 * later. Quick Open also lists open editors whose names contain the file's (a "Results: x.yml"
 * panel), and a webview can take the focus back: the file's own tab is checked (its label and
 * resource name are the file name), and Quick Open is tried again when something else came up.
 */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const base = path.basename(relativePath);
  const dir = path.dirname(relativePath);
  const isOpen = (editor: ActiveEditor) => editor.label === base && editor.resource === base && editor.focused;
  let seen: ActiveEditor | undefined;
  let attempt = 0;
  await waitFor(
    async () => {
      if (attempt++ > 0) log(`${relativePath} is not the focused editor after Quick Open (attempt ${attempt}); active: ${JSON.stringify(seen)}`);
      await pickFromQuickInput(page, {
        key: 'Control+P',
        prefix: '',
        value: relativePath,
        label: base,
        description: dir === '.' ? undefined : dir,
        what: `${relativePath} in Quick Open`,
        timeout: 30_000,
      });
      const opened = await waitFor(async () => isOpen((seen = await activeEditor(page))), { timeout: 5000, describe: () => '' }).catch(() => false);
      if (!opened) return false;
      // Settled: a webview that was asked for focus before can take it a moment later.
      await sleep(ms(300));
      return isOpen((seen = await activeEditor(page)));
    },
    {
      timeout: 60_000,
      interval: 250,
      describe: () => `e2e: ${relativePath} did not become the focused editor after Quick Open; active: ${JSON.stringify(seen)}`,
    },
  );
  log(`opened ${relativePath}`);
}

// ---------------------------------------------------------------------------------------------
// Reading the workbench

/** Text (or aria-label when empty) of each status bar entry, left to right. */
export async function statusBarTexts(page: Page): Promise<string[]> {
  return await page.evaluate(() =>
    [...document.querySelectorAll('.part.statusbar .statusbar-item')]
      .map((item) => (item.textContent?.replace(/\s+/g, ' ').trim() || item.getAttribute('aria-label') || '').trim())
      .filter((text) => text.length > 0),
  );
}

/** Waits for a status bar entry containing `text` (string or RegExp); returns its text. */
export async function waitForStatusBar(page: Page, text: string | RegExp, timeout = 30_000): Promise<string> {
  return await waitFor(async () => (await statusBarTexts(page)).find((item) => matches(item, text)), {
    timeout,
    describe: async () => `e2e: no status bar entry matching ${text}; it shows: ${JSON.stringify(await statusBarTexts(page))}`,
  });
}

/** Messages of the notification toasts on screen and in the notification center. */
export async function notifications(page: Page): Promise<string[]> {
  return await page.evaluate(() =>
    [...document.querySelectorAll('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message')]
      .map((item) => item.textContent?.replace(/\s+/g, ' ').trim() ?? '')
      .filter((text) => text.length > 0),
  );
}

/** Waits for a notification containing `text`; returns its message. */
export async function waitForNotification(page: Page, text: string | RegExp, timeout = 30_000): Promise<string> {
  return await waitFor(async () => (await notifications(page)).find((message) => matches(message, text)), {
    timeout,
    describe: async () => `e2e: no notification matching ${text}; notifications: ${JSON.stringify(await notifications(page))}`,
  });
}

/** Closes every notification toast (Clear All Notifications). */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
}

/** The CodeLens lines of the visible editors: one string per lens group, items joined with " | ". */
export async function codeLensTexts(page: Page): Promise<string[]> {
  return await page.evaluate(() =>
    [...document.querySelectorAll('.monaco-editor .codelens-decoration')]
      // VS Code separates the lenses of one line with "&nbsp;|&nbsp;" spans.
      .map((lens) => (lens.textContent ?? '').replace(/\s+/g, ' ').trim())
      .filter((text) => text.length > 0),
  );
}

/** Waits until some CodeLens contains `text`; returns that lens's text. */
export async function waitForCodeLens(page: Page, text: string | RegExp, timeout = 30_000): Promise<string> {
  return await waitFor(async () => (await codeLensTexts(page)).find((lens) => matches(lens, text)), {
    timeout,
    describe: async () => `e2e: no CodeLens matching ${text}; lenses: ${JSON.stringify(await codeLensTexts(page))}`,
  });
}

/** Clicks the CodeLens item whose text contains `text` (runs its command). */
export async function clickCodeLens(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor .codelens-decoration a', { hasText: text }).first().click();
}

export interface EditorDecoration {
  /** 1-based line number in the visible editor, or 0 when it could not be told. */
  line: number;
  /** Where it was found: 'glyph' (gutter icon), 'line' (whole-line/inline class) or 'text' (before/after content). */
  kind: 'glyph' | 'line' | 'text';
  className: string;
  /** CSS ::before/::after `content` or the element's text, trimmed, e.g. "✓ passed". */
  text: string;
  /** Hover title of a gutter icon, when the extension gave one. */
  title: string;
}

/**
 * Decorations that extensions added to the visible lines of the active editor (classes VS Code
 * generates for TextEditorDecorationType: `ced-…`), with the line they sit on. Gutter icons come
 * from the glyph margin, inline text from ::before/::after content.
 */
export async function editorDecorations(page: Page): Promise<EditorDecoration[]> {
  return await page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor') ?? document.querySelector('.monaco-editor');
    if (!editor) return [];
    // Map each line's pixel top to its line number using the line-number gutter.
    const lineAtTop = new Map<number, number>();
    for (const overlay of editor.querySelectorAll('.margin-view-overlays > div')) {
      const number = Number(overlay.querySelector('.line-numbers')?.textContent?.trim());
      if (number) lineAtTop.set(Math.round(parseFloat((overlay as HTMLElement).style.top)), number);
    }
    const lineOf = (el: Element): number => {
      const holder = el.closest('.view-line, .margin-view-overlays > div, .view-overlays > div') as HTMLElement | null;
      const top = holder ? holder.style.top : (el as HTMLElement).style.top;
      return lineAtTop.get(Math.round(parseFloat(top))) ?? 0;
    };
    const pseudo = (el: Element, which: '::before' | '::after'): string => {
      const content = getComputedStyle(el, which).content;
      return content && content !== 'none' && content !== 'normal' ? content.replace(/^"|"$/g, '').trim() : '';
    };
    const found: Array<{ line: number; kind: 'glyph' | 'line' | 'text'; className: string; text: string; title: string }> = [];
    for (const el of editor.querySelectorAll('[class*="ced-"]')) {
      const className = [...el.classList].filter((name) => name.startsWith('ced-')).join(' ');
      const inGlyphMargin = Boolean(el.closest('.glyph-margin, .glyph-margin-widgets')) || el.classList.contains('cgmr');
      const text = [pseudo(el, '::before'), el.textContent?.trim() ?? '', pseudo(el, '::after')].filter(Boolean).join(' ');
      found.push({
        line: lineOf(el),
        kind: inGlyphMargin ? 'glyph' : text ? 'text' : 'line',
        className,
        text,
        title: el.getAttribute('title') ?? el.closest('[title]')?.getAttribute('title') ?? '',
      });
    }
    return found.sort((a, b) => a.line - b.line);
  });
}

export interface Problem {
  /** The file row the entry is under. */
  file: string;
  /** The row's accessible text, e.g. "Error: Expected … at line 3 column 5". */
  text: string;
}

/** Opens the Problems panel if needed and returns its entries (file rows are folded into `file`). */
export async function problems(page: Page): Promise<Problem[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible().catch(() => false))) {
    await focusWorkbench(page);
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: ms(10_000) }).catch(async () => {
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      await panel.waitFor({ state: 'visible', timeout: ms(10_000) });
    });
  }
  return await page.evaluate(() => {
    const result: Array<{ file: string; text: string }> = [];
    let file = '';
    for (const row of document.querySelectorAll('.markers-panel .monaco-list-row')) {
      const text = (row.getAttribute('aria-label') || row.textContent || '').replace(/\s+/g, ' ').trim();
      if (row.querySelector('.file-icon, .monaco-icon-label.file-icon') && !row.querySelector('.marker-icon')) {
        file = row.querySelector('.label-name')?.textContent?.trim() ?? text;
      } else {
        result.push({ file, text });
      }
    }
    return result;
  });
}

export interface WebviewFrameText {
  url: string;
  text: string;
}

/**
 * The text (innerText of <body>) of every webview frame on the page. Webviews are nested iframes
 * (an outer host frame .../webview/browser/pre/index.html and the content frame inside it); other
 * iframes (the web-worker extension host) and frames with no text are left out.
 */
export async function webviewTexts(page: Page): Promise<WebviewFrameText[]> {
  const result: WebviewFrameText[] = [];
  const inWebview = (frame: Frame | null): boolean => frame !== null && frame !== page.mainFrame() && (/\/webview\//.test(frame.url()) || inWebview(frame.parentFrame()));
  for (const frame of page.frames()) {
    if (!inWebview(frame)) continue;
    const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
    if (text.trim()) result.push({ url: frame.url(), text: text.trim() });
  }
  return result;
}

/** Waits for a webview frame whose text contains `text`; returns that frame's whole text. */
export async function waitForWebviewText(page: Page, text: string | RegExp, timeout = 30_000): Promise<string> {
  let seen: WebviewFrameText[] = [];
  return await waitFor(
    async () => {
      seen = await webviewTexts(page);
      return seen.find((frame) => matches(frame.text, text))?.text;
    },
    {
      timeout,
      describe: () =>
        `e2e: no webview shows ${text}; webviews with text: ${JSON.stringify(seen.map((frame) => frame.text.slice(0, 300)))}` +
        ` (frames: ${page
          .frames()
          .map(
            (frame) =>
              frame
                .url()
                .replace(/^https?:\/\/[^/]+/, '')
                .split('?')[0],
          )
          .join(', ')})`,
    },
  );
}

/**
 * Looks for a row of a virtualised list (VS Code's lists keep only the rows in view in the DOM: a
 * long list, or one sorted so that the row is far down, does not show it) by scrolling the list
 * from its top to its end with the mouse wheel. Returns the first row text `wanted` accepts, or
 * undefined at the end of the list; `seen` gets every row text passed on the way.
 */
export async function findListRow(page: Page, listSelector: string, wanted: (text: string) => boolean, seen: string[] = []): Promise<string | undefined> {
  const list = page.locator(listSelector).first();
  const rowTexts = async (): Promise<string[]> =>
    await list.evaluate((element: Element) =>
      [...element.querySelectorAll('.monaco-list-row')]
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((row) => (row.textContent ?? '').replace(/\s+/g, ' ').trim()),
    );
  const box = await list.boundingBox();
  if (!box) return undefined;
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
  await page.mouse.wheel(0, -1_000_000);
  let rows = await rowTexts();
  for (let turn = 0; turn < 200; turn++) {
    for (const row of rows) if (!seen.includes(row)) seen.push(row);
    const found = rows.find(wanted);
    if (found) return found;
    const before = JSON.stringify(rows);
    await page.mouse.wheel(0, Math.max(100, box.height * 0.6));
    // Rendered on the next frame; an unchanged list after the wheel is its end.
    const moved = await waitFor(async () => JSON.stringify((rows = await rowTexts())) !== before, { timeout: 1000, interval: 100, describe: () => '' }).catch(() => false);
    if (!moved) return undefined;
  }
  return undefined;
}

/** Whether the workbench is in Restricted Mode (untrusted workspace): status bar entry or banner. */
export async function isRestrictedMode(page: Page): Promise<boolean> {
  const status = (await statusBarTexts(page)).some((text) => /restricted mode/i.test(text));
  const banner = await page
    .locator('.part.banner')
    .innerText()
    .catch(() => '');
  return status || /restricted mode/i.test(banner);
}

function matches(value: string, wanted: string | RegExp): boolean {
  return typeof wanted === 'string' ? value.includes(wanted) : wanted.test(value);
}
