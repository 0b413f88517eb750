import type { Diagnostic } from '../../core/diagnostics.js';

// Which problems stop a prompt from running. A malformed dataset row only loses that row (it is
// reported, and the other rows run); problems in the prompt file itself, or a row lacking a
// variable the messages use, stop the run – the same rule as the CLI.

export function blockingErrors(promptFile: string, hasPrompt: boolean, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const errors = diagnostics.filter((d) => d.severity === 'error' && (d.file === promptFile || d.code === 'dataset/missing-var'));
  if (!hasPrompt && errors.length === 0) {
    return [{ file: promptFile, severity: 'error', message: 'the prompt file cannot be read', range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } } }];
  }
  return errors;
}

/** "capitals.prompt.yml:12: unknown role …" for a message that points at the first problem. */
export function describeProblem(d: Diagnostic, relativeFile: string): string {
  return `${relativeFile}:${d.range.start.line + 1}: ${d.message}`;
}
