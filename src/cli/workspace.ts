import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { checkInsideWorkspace, createSessions, findBoundary, formatDiagnostic, type Diagnostic, type Overrides, type Sessions } from '../core/index.js';
import type { CliOptions } from './args.js';

export const PROMPT_GLOB = '**/*.prompt.{yml,yaml}';
const IGNORE = ['**/node_modules/**', '**/.git/**', '**/.prompt-workbench/**'];

/** Files, folders (every prompt file below) and globs, in the order given, without duplicates – a file reached twice through symlinked folders runs once. */
export async function expandTargets(targets: readonly string[], cwd: string): Promise<{ files: string[]; unmatched: string[] }> {
  const files: string[] = [];
  const seen = new Set<string>();
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
    for (const file of found.sort()) {
      const real = realPath(file);
      if (seen.has(real)) continue;
      seen.add(real);
      files.push(path.normalize(file));
    }
  }
  return { files, unmatched };
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** The CLI's flags as the top override layer (see core/workspace/overrides.ts for the order). */
export function flagOverrides(options: CliOptions, cwd: string): Overrides {
  return {
    concurrency: options.concurrency,
    timeoutMs: options.timeoutMs,
    maxRetries: options.retries,
    resultsDir: options.resultsDir === undefined ? undefined : path.resolve(cwd, options.resultsDir),
    cache: options.cache ? undefined : false,
    allowOutsideWorkspace: options.allowOutsideWorkspace || undefined,
    strict: options.strict || undefined,
    githubOrg: options.org,
    allowCode: options.allowCode || undefined,
    stream: options.stream || undefined,
  };
}

export interface CliTargets {
  /** Files outside it are refused unless allowed: --workspace, else the git repository, else the current folder. */
  boundary: string;
  sessions: Sessions;
  files: string[];
}

/** The prompt files a command works on and their sessions, or undefined after printing why not. */
export async function openTargets(options: CliOptions, io: { cwd: string; err: (line: string) => void }): Promise<CliTargets | undefined> {
  const boundary = options.workspace ? path.resolve(io.cwd, options.workspace) : findBoundary(io.cwd);
  const sessions = createSessions({
    boundaryOf: () => boundary,
    overridesFor: () => [flagOverrides(options, io.cwd)],
    onConfigRead: (_file, diagnostics) => printDiagnostics(diagnostics, io.cwd, io.err),
  });
  const { files, unmatched } = await expandTargets(options.targets, io.cwd);
  for (const target of unmatched) io.err(`error: no prompt files match "${target}"`);
  const refused: string[] = [];
  for (const file of files) {
    const session = await sessions.forFile(file);
    if (session.config.allowOutsideWorkspace) continue;
    const inside = await checkInsideWorkspace(file, boundary);
    if (!inside.ok) refused.push(`${file}: refused – ${inside.reason} (pass --allow-outside-workspace to allow it)`);
  }
  for (const line of refused) io.err(`error: ${line}`);
  if (unmatched.length || refused.length || files.length === 0) return undefined;
  return { boundary, sessions, files };
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], cwd: string, write: (line: string) => void): void {
  for (const d of diagnostics) write(formatDiagnostic({ ...d, file: path.relative(cwd, d.file) || d.file }));
}
