import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { toWorkspacePath } from '../paths.js';
import type { PrepareOptions } from '../prepare.js';
import { CONFIG_FILE, defaultConfig, parseWorkspaceConfig } from './config.js';
import { findConfigRoot, type Exists } from './locate.js';
import { applyOverrides, resolveFolder, type Overrides, type ResolvedConfig } from './overrides.js';

// A workspace session: everything about where a prompt file runs, decided once for the CLI, the
// editor and the webview commands alike – which prompt-workbench.yml applies, the settings after
// overrides, where records and the cache live, and how prompt and record paths are written.

export interface WorkspaceSession {
  /** The folder holding the prompt-workbench.yml that applies (the boundary when there is none): config paths and record paths are relative to it. */
  root: string;
  /** Prompt and dataset files outside it are refused unless allowOutsideWorkspace. */
  boundary: string;
  /** Absolute path of prompt-workbench.yml, when there is one. */
  configFile?: string;
  config: ResolvedConfig;
  /** Problems in prompt-workbench.yml. */
  diagnostics: Diagnostic[];
  /** Absolute. */
  resultsDir: string;
  /** Absolute. */
  cacheDir: string;
}

export interface SessionOptions {
  /** A file the session is for (a prompt file, a dataset). */
  file: string;
  /** The editor's workspace folder; the CLI's --workspace, else the git root. */
  boundary: string;
  /** VS Code settings, then CLI flags: later layers win (see overrides.ts). */
  overrides?: readonly (Overrides | undefined)[];
  /** Reads prompt-workbench.yml; the editor passes one that prefers unsaved text. */
  readText?: (file: string) => Promise<string>;
  exists?: Exists;
}

export async function openSession(options: SessionOptions): Promise<WorkspaceSession> {
  const root = findConfigRoot(options.file, options.boundary, options.exists);
  return openSessionAt(root, options);
}

/** The session of a known config folder. */
export async function openSessionAt(root: string, options: Omit<SessionOptions, 'file'>): Promise<WorkspaceSession> {
  const configFile = path.join(root, CONFIG_FILE);
  let text: string | undefined;
  try {
    text = await (options.readText ?? ((f: string) => readFile(f, 'utf8')))(configFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const loaded = text === undefined ? { config: defaultConfig(), diagnostics: [] } : parseWorkspaceConfig(text, configFile);
  const config = applyOverrides(loaded.config, ...(options.overrides ?? []));
  return {
    root,
    boundary: path.resolve(options.boundary),
    configFile: text === undefined ? undefined : configFile,
    config,
    diagnostics: loaded.diagnostics,
    resultsDir: resolveFolder(root, config.resultsDir),
    cacheDir: resolveFolder(root, config.cacheDir),
  };
}

/** A file's path as run records write it: relative to the config folder, forward slashes. */
export function promptPath(session: WorkspaceSession, file: string): string {
  return toWorkspacePath(path.resolve(file), session.root);
}

/** The absolute file of a record path (a prompt, a dataset, a case's row). */
export function fileOf(session: WorkspaceSession, recordPath: string): string {
  return path.resolve(session.root, recordPath);
}

/** How the core reads a prompt and its datasets in this session. */
export function prepareOptions(session: WorkspaceSession, readFile?: PrepareOptions['readFile']): PrepareOptions {
  return {
    workspaceRoot: session.root,
    boundary: session.boundary,
    readFile,
    allowOutsideWorkspace: session.config.allowOutsideWorkspace,
    strict: session.config.strict,
    allowCode: session.config.allowCode,
  };
}
