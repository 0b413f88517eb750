import { realpath } from 'node:fs/promises';
import path from 'node:path';

// Datasets and prompts are read only from inside the workspace unless the user allows otherwise,
// so a cloned repo cannot make the tool read (and send to a model) ~/.ssh or /etc files.

export type Containment = { ok: true } | { ok: false; reason: string };

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  // "..x.jsonl" is a file inside; only ".." itself or "../…" leaves.
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

export async function checkInsideWorkspace(file: string, workspaceRoot: string): Promise<Containment> {
  const root = path.resolve(workspaceRoot);
  const resolved = path.resolve(file);
  if (!isInside(resolved, root)) return { ok: false, reason: `${resolved} is outside the workspace ${root}` };
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(resolved), realpath(root)]);
  } catch {
    return { ok: true }; // a missing file is reported by whoever reads it
  }
  if (!isInside(real, realRoot)) return { ok: false, reason: `${resolved} is a link to ${real}, outside the workspace` };
  return { ok: true };
}

/**
 * Asked of every case a run records, and the cases of a dataset all name one file: the last few
 * hundred answers are kept (10,000 cases of a CSV: 10–31 ms of path.relative in `node` as a run
 * started, 0.5–2 ms kept). Only for absolute paths: a relative one depends on the process's directory.
 */
let keptRoot = '';
const workspacePaths = new Map<string, string>();
const KEPT_WORKSPACE_PATHS = 512;

/** Workspace-relative path with forward slashes, as stored in run records. */
export function toWorkspacePath(file: string, workspaceRoot: string): string {
  if (!path.isAbsolute(file) || !path.isAbsolute(workspaceRoot)) return relativePath(file, workspaceRoot);
  if (workspaceRoot !== keptRoot || workspacePaths.size >= KEPT_WORKSPACE_PATHS) {
    keptRoot = workspaceRoot;
    workspacePaths.clear();
  }
  let relative = workspacePaths.get(file);
  if (relative === undefined) workspacePaths.set(file, (relative = relativePath(file, workspaceRoot)));
  return relative;
}

function relativePath(file: string, workspaceRoot: string): string {
  return path.relative(workspaceRoot, file).split(path.sep).join('/');
}
