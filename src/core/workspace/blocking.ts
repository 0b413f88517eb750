import { ZERO_RANGE, type Diagnostic } from '../diagnostics.js';
import type { PreparedPrompt } from '../prepare.js';

// Which problems stop a prompt from running – the same rule for the CLI, the editor and every
// comparison. A malformed dataset row only loses that row (it is reported, and the other rows
// run); problems in the prompt file itself, or a row lacking a variable the messages use, stop it.

export function blockingErrors(prepared: Pick<PreparedPrompt, 'parsed' | 'diagnostics'>, models?: readonly string[]): Diagnostic[] {
  const file = prepared.parsed.file;
  const errors = prepared.diagnostics.filter((d) => d.severity === 'error' && (d.file === file || d.code === 'dataset/missing-var'));
  if (!prepared.parsed.prompt && errors.length === 0) return [{ file, severity: 'error', message: 'the prompt file cannot be read', range: ZERO_RANGE, code: 'prompt/unreadable' }];
  const noModel = missingModel(prepared, models);
  return noModel ? [...errors, noModel] : errors;
}

/**
 * No model to run: neither `model:` nor `workbench.models`, and none supplied by the caller (the
 * CLI's --models, the editor's default models). gh models' generated eval files often lack
 * `model:` – the model is given on the command line.
 */
export function missingModel(prepared: Pick<PreparedPrompt, 'parsed'>, models?: readonly string[]): Diagnostic | undefined {
  const prompt = prepared.parsed.prompt;
  if (!prompt || (models ?? prompt.models).length > 0) return undefined;
  return {
    file: prepared.parsed.file,
    severity: 'error',
    message: 'no model to run: add "model: openai/gpt-4o-mini" (or another model), or choose models to run it with (--models, or Select Models… in the editor)',
    range: ZERO_RANGE,
    code: 'prompt/no-model',
  };
}

/** "capitals.prompt.yml:12: unknown role …": a problem named by where it is. */
export function describeProblem(d: Diagnostic, relativeFile: string): string {
  return `${relativeFile}:${d.range.start.line + 1}: ${d.message}`;
}
