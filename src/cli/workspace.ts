import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import {
  CONFIG_FILE,
  checkInsideWorkspace,
  formatDiagnostic,
  loadWorkspaceConfig,
  type Diagnostic,
  type WorkspaceConfig,
} from '../core/index.js';

export const PROMPT_GLOB = '**/*.prompt.{yml,yaml}';
const IGNORE = ['**/node_modules/**', '**/.git/**', '**/.prompt-workbench/**'];

/** The nearest folder at or above `from` holding prompt-workbench.yml, else the nearest with .git, else `from`. */
export function findWorkspaceRoot(from: string): string {
  const start = path.resolve(from);
  for (const marker of [CONFIG_FILE, '.git']) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, marker))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  return start;
}

/** Files, folders (every prompt file below) and globs, in the order given, without duplicates. */
export async function expandTargets(targets: readonly string[], cwd: string): Promise<{ files: string[]; unmatched: string[] }> {
  const files: string[] = [];
  const unmatched: string[] = [];
  for (const target of targets) {
    const abs = path.resolve(cwd, target);
    let found: string[];
    if (existsSync(abs) && statSync(abs).isDirectory()) {
      found = await glob(PROMPT_GLOB, { cwd: abs, absolute: true, ignore: IGNORE });
    } else if (existsSync(abs)) {
      found = [abs];
    } else {
      found = await glob(target, { cwd, absolute: true, ignore: IGNORE });
    }
    if (found.length === 0) unmatched.push(target);
    for (const file of found.sort()) if (!files.includes(path.normalize(file))) files.push(path.normalize(file));
  }
  return { files, unmatched };
}

export interface CliWorkspace {
  root: string;
  config: WorkspaceConfig;
  diagnostics: Diagnostic[];
}

export async function openWorkspace(workspace: string | undefined, cwd: string): Promise<CliWorkspace> {
  const root = path.resolve(cwd, workspace ?? findWorkspaceRoot(cwd));
  const { config, diagnostics } = await loadWorkspaceConfig(root);
  return { root, config, diagnostics };
}

/** Prompt files outside the workspace are refused unless allowed, like dataset files. */
export async function refuseOutside(files: readonly string[], root: string, allow: boolean): Promise<string[]> {
  if (allow) return [];
  const problems: string[] = [];
  for (const file of files) {
    const inside = await checkInsideWorkspace(file, root);
    if (!inside.ok) problems.push(`${file}: refused – ${inside.reason} (pass --allow-outside-workspace to allow it)`);
  }
  return problems;
}

/** The workspace and the prompt files a command works on, or undefined after printing why not. */
export async function openTargets(options: { workspace?: string; targets: string[]; allowOutsideWorkspace: boolean }, io: { cwd: string; err(line: string): void }): Promise<{ workspace: CliWorkspace; files: string[] } | undefined> {
  const workspace = await openWorkspace(options.workspace, io.cwd);
  printDiagnostics(workspace.diagnostics, io.cwd, io.err);
  if (workspace.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const { files, unmatched } = await expandTargets(options.targets, io.cwd);
  for (const target of unmatched) io.err(`error: no prompt files match "${target}"`);
  const refused = await refuseOutside(files, workspace.root, options.allowOutsideWorkspace || !!workspace.config.allowOutsideWorkspace);
  for (const line of refused) io.err(`error: ${line}`);
  if (unmatched.length || refused.length || files.length === 0) return undefined;
  return { workspace, files };
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], cwd: string, write: (line: string) => void): void {
  for (const d of diagnostics) write(formatDiagnostic({ ...d, file: path.relative(cwd, d.file) || d.file }));
}
