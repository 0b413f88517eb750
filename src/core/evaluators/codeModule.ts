import { stat } from 'node:fs/promises';
import path from 'node:path';
import { checkInsideWorkspace } from '../paths.js';

// Where a `javascript:` evaluator's module is: relative to the prompt file, inside the workspace
// (the rule datasets follow: no `../..`, absolute paths or links out, unless allowOutsideWorkspace),
// a .js, .mjs or .cjs file that exists. Checked when the prompt is prepared (a positioned error)
// and again right before the module runs.

export const CODE_EXTENSIONS = ['.js', '.mjs', '.cjs'];

/** Why a code evaluator does not run; it names the trust decision that would let it. */
export const CODE_NOT_ALLOWED =
  'it runs code from the workspace, so it needs a trusted workspace in VS Code, or --allow-code on the prompt-workbench command line (code evaluators are off by default)';

export interface CodeLocation {
  /** Absolute path of the prompt file; module paths are relative to its folder. */
  promptFile: string;
  boundary: string;
  allowOutsideWorkspace?: boolean;
}

export type ResolvedModule = { ok: true; file: string } | { ok: false; reason: string };

export async function resolveCodeModule(written: string, where: CodeLocation): Promise<ResolvedModule> {
  const file = path.resolve(path.dirname(where.promptFile), written);
  if (!CODE_EXTENSIONS.includes(path.extname(file).toLowerCase())) {
    return { ok: false, reason: `"${written}" must be a JavaScript module (${CODE_EXTENSIONS.join(', ')})` };
  }
  if (!where.allowOutsideWorkspace) {
    const inside = await checkInsideWorkspace(file, where.boundary);
    if (!inside.ok) return { ok: false, reason: `"${written}" is refused: ${inside.reason} (set allowOutsideWorkspace: true in prompt-workbench.yml to allow it)` };
  }
  try {
    if (!(await stat(file)).isFile()) return { ok: false, reason: `"${written}" is not a file` };
  } catch {
    return { ok: false, reason: `"${written}" does not exist (looked for ${file})` };
  }
  return { ok: true, file };
}
