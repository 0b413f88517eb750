/**
 * The built CLI as a child process. `cliBundle()` bundles src/cli/bin.ts with esbuild exactly as
 * scripts/build.mjs does for dist/cli.mjs, but into a private temp folder, so a test always runs
 * the current sources and never races a concurrent `node scripts/build.mjs` (which deletes dist/).
 * Set PW_CLI=/path/to/cli.mjs to test a given bundle instead (e.g. dist/cli.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './rsHarness.js';

let bundle: Promise<string> | undefined;

export function cliBundle(): Promise<string> {
  if (process.env.PW_CLI) return Promise.resolve(path.resolve(process.env.PW_CLI));
  bundle ??= (async () => {
    const { build } = await import('esbuild');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pw-cli-bundle-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = path.join(dir, 'cli.mjs');
    const common = { absWorkingDir: repoRoot(), bundle: true, platform: 'node', sourcemap: false, minify: true, logLevel: 'silent' } as const;
    await build({
      ...common,
      entryPoints: ['src/cli/bin.ts'],
      outfile,
      format: 'esm',
      target: 'node22',
      banner: { js: "import { createRequire as __pwCreateRequire } from 'node:module';\nconst require = __pwCreateRequire(import.meta.url);" },
    });
    // The estimate's counting worker, beside the CLI as in dist/.
    await build({ ...common, entryPoints: ['src/core/tokens/countWorker.ts'], outfile: path.join(dir, 'countWorker.cjs'), format: 'cjs', target: 'node20' });
    return outfile;
  })();
  return bundle;
}

export interface CliChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or null) and signal when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SpawnCliOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Extra `node` flags placed before the script (e.g. `--import <hook>`). */
  nodeArgs?: string[];
}

export async function spawnCli(args: string[], options: SpawnCliOptions): Promise<CliChild> {
  const script = await cliBundle();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, ...args], {
    cwd: options.cwd,
    env: options.env ?? { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Runs the CLI to completion. */
export async function runCliProcess(args: string[], options: SpawnCliOptions): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const run = await spawnCli(args, options);
  const { code, signal } = await run.exited;
  return { code, signal, stdout: run.stdout(), stderr: run.stderr() };
}

/** `--import` argument that makes a node process write its peak RSS (KiB) to $PW_PEAK_RSS_FILE on exit. */
export function peakRssImport(): string[] {
  return ['--import', pathToFileURL(path.join(path.dirname(new URL(import.meta.url).pathname), 'peakRssHook.js')).href];
}
