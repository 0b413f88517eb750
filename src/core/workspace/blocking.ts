import { ZERO_RANGE, type Diagnostic } from '../diagnostics.js';
import type { PreparedPrompt } from '../prepare.js';

// Which problems stop a prompt from running – the same rule for the CLI, the editor and every
// comparison. A malformed dataset row only loses that row (it is reported, and the other rows
// run); problems in the prompt file itself, or a row lacking a variable the messages use, stop it.

export function blockingErrors(prepared: PreparedPrompt): Diagnostic[] {
  const file = prepared.parsed.file;
  const errors = prepared.diagnostics.filter((d) => d.severity === 'error' && (d.file === file || d.code === 'dataset/missing-var'));
  if (!prepared.parsed.prompt && errors.length === 0) return [{ file, severity: 'error', message: 'the prompt file cannot be read', range: ZERO_RANGE, code: 'prompt/unreadable' }];
  return errors;
}

/** "capitals.prompt.yml:12: unknown role …": a problem named by where it is. */
export function describeProblem(d: Diagnostic, relativeFile: string): string {
  return `${relativeFile}:${d.range.start.line + 1}: ${d.message}`;
}
