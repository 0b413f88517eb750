import path from 'node:path';
import {
  InputError,
  cancelBatchRun,
  collectBatchRun,
  createProviderResolver,
  createSessions,
  findBoundary,
  githubTokenOnce,
  readRecord,
  runSettings,
  type FinishedRun,
  type WorkspaceSession,
} from '../../core/index.js';
import type { CliOptions } from '../args.js';
import type { Io } from '../io.js';
import { cliBatchSettings } from '../output/batchProgress.js';
import { printFailures, printRunTable } from '../output/report.js';
import { flagOverrides, printDiagnostics } from '../workspace.js';
import { createProgressBar } from '../output/progress.js';
import { EXIT, decideExit } from './eval.js';

// `eval --resume <record>` and `cancel <record>`: the CLI's side of batch runs after their
// submission (`eval --batch` runs through runOne in eval.ts).

/** The session a record belongs to: the config folder above the record file. */
async function recordSession(file: string, options: CliOptions, io: Io): Promise<WorkspaceSession> {
  const boundary = options.workspace ? path.resolve(io.cwd, options.workspace) : findBoundary(path.dirname(file));
  const sessions = createSessions({ boundaryOf: () => boundary, overridesFor: () => [flagOverrides(options, io.cwd)], onConfigRead: (_f, d) => printDiagnostics(d, io.cwd, io.err) });
  return sessions.forFile(file);
}

function printInputError(error: InputError, io: Io): void {
  if (error.diagnostics.length) printDiagnostics(error.diagnostics, io.cwd, io.err);
  else io.err(`error: ${error.message}`);
}

/** `eval --resume <record>`: polls the record's batches and records their results. */
export async function resumeCommand(options: CliOptions, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, options.resume!);
  const controller = new AbortController();
  const stop = io.onInterrupt(() => controller.abort());
  const progress = createProgressBar(io.stderr);
  try {
    const session = await recordSession(file, options, io);
    const providers = createProviderResolver({ config: session.config, env: io.env, allowHosts: options.allowHosts, githubToken: githubTokenOnce({ env: io.env }) });
    const label = path.relative(io.cwd, file);
    const settings = runSettings(session, {
      providers,
      toolVersion: io.version,
      signal: controller.signal,
      // As for eval: the reports need the results that did not pass; the record file has them all.
      keepResults: 'failing',
      onEvent: (event) => {
        if (event.type === 'result') progress.update(label, event.progress);
      },
    });
    const record = await collectBatchRun(file, session.root, settings, cliBatchSettings(options, io, label));
    progress.done();
    return report({ record, file, root: session.root }, options, io, controller.signal.aborted);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    printInputError(error, io);
    return EXIT.badInput;
  } finally {
    stop();
    progress.done();
  }
}

/** What a batch run's end (or its pause) prints. */
export function report(run: FinishedRun, options: CliOptions, io: Io, interrupted: boolean): number {
  const { record, file } = run;
  const where = file ? path.relative(io.cwd, file) : '';
  if (record.status === 'pending') {
    io.out(`Batch run pending: ${where}\nCollect its results with: prompt-workbench eval --resume ${where}`);
    return interrupted ? EXIT.interrupted : EXIT.ok;
  }
  if (options.format === 'json') io.out(JSON.stringify({ record: where, status: record.status, summary: record.summary }, null, 2));
  else {
    io.out(printRunTable(record, record.prompt.path));
    io.out(printFailures(record, io.cwd, run.root ?? io.cwd));
    io.out(`Run record: ${where}\n`);
  }
  return decideExit([record], false, interrupted, options.failUnder, options.minCasePassRate);
}

/** `cancel <record>`: cancels the batches still running; `eval --resume` then records what they answered. */
export async function cancelCommand(options: CliOptions, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, options.targets[0] ?? '');
  try {
    const record = await readRecord(file);
    const session = await recordSession(file, options, io);
    const providers = createProviderResolver({ config: session.config, env: io.env, allowHosts: options.allowHosts, githubToken: githubTokenOnce({ env: io.env }) });
    const jobs = await cancelBatchRun(file, { providers, timeoutMs: session.config.timeoutMs });
    for (const job of jobs) io.out(`${job.id}: ${job.status}`);
    io.out(`Cancel requested for ${record.id}. Collect what was answered with: prompt-workbench eval --resume ${path.relative(io.cwd, file)}`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    printInputError(error, io);
    return EXIT.badInput;
  }
}
