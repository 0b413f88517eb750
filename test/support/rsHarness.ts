/**
 * Helpers for the reliability and security suites (test/unit/reliability, test/unit/security):
 * throw-away workspaces on disk, the CLI run in-process through `main(argv, io)` with captured
 * output, the core run the way the CLI runs it, and small file-system utilities.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import {
  BUNDLED_PRICING,
  createProviderResolver,
  loadWorkspaceConfig,
  preparePrompt,
  pricingWith,
  runEval,
  type PreparedPrompt,
  type RequestLogEntry,
  type RunEvent,
  type RunRecord,
  type RunSettings,
} from '../../src/core/index.js';

/** The repository root (the folder with tsconfig.json), from either test/ or out/test/. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'tsconfig.json')) && existsSync(path.join(dir, 'src'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
}

export interface TempWorkspace {
  /** Absolute, symlinks resolved (so paths compare equal to what realpath returns). */
  root: string;
  path(rel: string): string;
  write(rel: string, content: string | Uint8Array): Promise<string>;
  read(rel: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** A fresh folder under the OS temp dir; `files` are written relative to it. */
export async function makeWorkspace(files: Record<string, string | Uint8Array> = {}, prefix = 'pw-suite-'): Promise<TempWorkspace> {
  const root = await realpath(await mkdtemp(path.join(os.tmpdir(), prefix)));
  const ws: TempWorkspace = {
    root,
    path: (rel) => path.resolve(root, rel),
    async write(rel, content) {
      const file = path.resolve(root, rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
      return file;
    },
    read: (rel) => readFile(path.resolve(root, rel), 'utf8'),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
  for (const [rel, content] of Object.entries(files)) await ws.write(rel, content);
  return ws;
}

/** Every regular file below `dir` (symlinks not followed), absolute paths. Missing dir → []. */
export async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walkFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, like `prompt-workbench <argv>` started in `cwd`. */
export async function runMain(argv: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const fakeStderr = Object.assign(stream, { isTTY: false, columns: 120 }) as unknown as NodeJS.WriteStream;
  const io: Io = {
    cwd: options.cwd,
    env: options.env ?? { PATH: process.env.PATH },
    version: '0.0.0-test',
    out: (text) => {
      stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    err: (line) => {
      stderr += `${line}\n`;
    },
    stderr: fakeStderr,
    onInterrupt: () => () => {},
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A stack-trace frame as node prints it ("    at fn (file.js:1:2)"). */
export const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;

/** `prompt-workbench.yml` declaring one OpenAI-compatible provider at `url`. */
export function providerConfig(name: string, url: string, extra: Record<string, unknown> = {}, top: Record<string, unknown> = {}): string {
  const provider = { baseURL: url, noApiKey: true, ...extra };
  return `${JSON.stringify({ ...top, providers: { [name]: provider } }, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Running the core the way the CLI does, with test-friendly settings.

export interface CoreRunOptions {
  /** Workspace root; prompt-workbench.yml there is read like the CLI reads it. */
  root: string;
  prompt: string;
  env?: NodeJS.ProcessEnv;
  settings?: Partial<RunSettings>;
  allowOutsideWorkspace?: boolean;
}

export interface CoreRun {
  prepared: PreparedPrompt;
  record: RunRecord;
  events: RunEvent[];
  requests: RequestLogEntry[];
  file?: string;
}

/** preparePrompt + runEval with the workspace's config; throws if the prompt has errors. */
export async function coreRun(options: CoreRunOptions): Promise<CoreRun> {
  const { config, diagnostics } = await loadWorkspaceConfig(options.root);
  if (diagnostics.some((d) => d.severity === 'error')) throw new Error(`config errors: ${JSON.stringify(diagnostics)}`);
  const prepared = await preparePrompt(path.resolve(options.root, options.prompt), {
    workspaceRoot: options.root,
    allowOutsideWorkspace: options.allowOutsideWorkspace ?? config.allowOutsideWorkspace,
  });
  const errors = prepared.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`prompt errors: ${JSON.stringify(errors)}`);
  const events: RunEvent[] = [];
  const requests: RequestLogEntry[] = [];
  let file: string | undefined;
  const record = await runEval(
    { parsed: prepared.parsed, cases: prepared.cases, datasets: prepared.datasets, workspaceRoot: options.root },
    {
      providers: createProviderResolver({ config, env: options.env ?? {} }),
      pricing: config.pricing ? pricingWith(config.pricing) : BUNDLED_PRICING,
      concurrency: 8,
      timeoutMs: 2000,
      maxRetries: 2,
      cache: false,
      cacheDir: path.join(options.root, '.prompt-workbench/cache'),
      resultsDir: path.join(options.root, '.prompt-workbench/runs'),
      toolVersion: 'test',
      git: null,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      writeIntervalMs: 50,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'finished') file = event.file;
      },
      onRequest: (entry) => requests.push(entry),
      ...options.settings,
    },
  );
  return { prepared, record, events, requests, file };
}

/** "caseId|model|repeat" */
export function resultKey(r: { caseId: string; model: string; repeat: number }): string {
  return `${r.caseId}|${r.model}|${r.repeat}`;
}
