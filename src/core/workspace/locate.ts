import { existsSync } from 'node:fs';
import path from 'node:path';
import { isInside } from '../paths.js';
import { CONFIG_FILE } from './config.js';

// Which prompt-workbench.yml applies to a prompt file – one rule for the CLI and the editor, so a
// pass in the editor is a pass in CI: the nearest one walking up from the prompt file's folder,
// not above the boundary (the editor's workspace folder; the CLI's --workspace, else the git root).

export type Exists = (file: string) => boolean;

/** The folder whose prompt-workbench.yml applies to `file`; `boundary` itself when none does. */
export function findConfigRoot(file: string, boundary: string, exists: Exists = existsSync): string {
  const top = path.resolve(boundary);
  const start = path.dirname(path.resolve(file));
  if (!isInside(start, top)) return exists(path.join(start, CONFIG_FILE)) ? start : top;
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (exists(path.join(dir, CONFIG_FILE))) return dir;
    if (dir === top || path.dirname(dir) === dir) return top;
  }
}

/** The CLI's boundary when none is given: the git repository holding `from`, else `from` itself. */
export function findBoundary(from: string, exists: Exists = existsSync): string {
  const start = path.resolve(from);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (exists(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
