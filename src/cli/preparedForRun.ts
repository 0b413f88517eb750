import { blockingErrors, preparePromptStream, prepareOptions, type StreamedPrompt, type StreamOptions, type WorkspaceSession } from '../core/index.js';
import { printDiagnostics } from './workspace.js';

export interface PreparedForRun {
  prepared: StreamedPrompt;
  /** The file or its datasets have errors (exit 2), whether or not it can still run. */
  badInput: boolean;
  /** It cannot run: the errors stop it, or no model is named. */
  blocked: boolean;
}

/**
 * A prompt prepared for `eval` and `estimate` alike – its datasets streamed, never loaded – with its
 * problems printed (a million bad rows are counted past the stream's cap, not listed).
 */
export async function prepareForRun(
  file: string,
  label: string,
  session: WorkspaceSession,
  models: readonly string[] | undefined,
  io: { cwd: string; err: (line: string) => void },
  visit?: StreamOptions['visit'],
): Promise<PreparedForRun> {
  const prepared = await preparePromptStream(file, prepareOptions(session), visit);
  printDiagnostics(prepared.diagnostics, io.cwd, io.err);
  if (prepared.moreDiagnostics) io.err(`${label}: … and ${prepared.moreDiagnostics} more problems in its datasets`);
  const blocking = blockingErrors(prepared, models);
  printDiagnostics(
    blocking.filter((d) => d.code === 'prompt/no-model'),
    io.cwd,
    io.err,
  );
  const blocked = blocking.length > 0;
  return { prepared, badInput: blocked || prepared.diagnostics.some((d) => d.severity === 'error'), blocked };
}
