import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  InputError,
  codeModuleNames,
  createProviderResolver,
  githubPriceNote,
  githubTokenOnce,
  pricingWith,
  routeLine,
  runBatchEval,
  runEval,
  runSettings,
  shardStream,
  type CaseStream,
  casesOf,
  type FinishedRun,
  type GitInfo,
  type PreparedPrompt,
  type ProviderResolver,
  type RunInput,
  type RunRecord,
  type RunSettings,
  type StreamedPrompt,
  type WorkspaceSession,
} from '../../core/index.js';
import { prepareForRun } from '../preparedForRun.js';
import type { CliOptions } from '../args.js';
import { openTargets, printDiagnostics } from '../workspace.js';
import { createProgressBar, type ProgressBar } from '../output/progress.js';
import { int, plural } from '../output/format.js';
import { writeJunitFile } from '../output/junit.js';
import { printAmbiguities, printFailures, printRunTable, jsonReport } from '../output/report.js';
import { writeGhJson } from '../output/ghJson.js';
import type { Io } from '../io.js';
import { writeMarkdownOutputs } from '../github/stepSummary.js';
import { evalMarkdown } from '../output/markdown/evalSummary.js';
import { caseGateLine, casesBelowGate, printRepeats } from '../output/repeatsReport.js';
import { cliBatchSettings, wantsBatch } from '../output/batchProgress.js';

export const EXIT = { ok: 0, failed: 1, badInput: 2, interrupted: 130 } as const;

/** What `eval --watch` learns of each run. */
export interface EvalHooks {
  onRun?: (run: FinishedRun) => void;
}

export async function evalCommand(options: CliOptions, io: Io, hooks: EvalHooks = {}): Promise<number> {
  const opened = await openTargets(options, io);
  if (!opened) return EXIT.badInput;

  const providersBySession = new Map<WorkspaceSession, ProviderResolver>();
  // One GitHub token lookup (maybe one `gh auth token`) for every session of the run.
  const githubToken = githubTokenOnce({ env: io.env });
  const providersFor = (session: WorkspaceSession) => {
    let resolver = providersBySession.get(session);
    if (!resolver) providersBySession.set(session, (resolver = createProviderResolver({ config: session.config, env: io.env, allowHosts: options.allowHosts, githubToken })));
    return resolver;
  };
  const printed = new Set<string>();
  const controller = new AbortController();
  const stop = io.onInterrupt(() => controller.abort());
  const progress = createProgressBar(io.stderr);
  const runs: FinishedRun[] = [];
  let badInput = false;
  // Every result goes to a record file, read back for JUnit and gh-json; with --no-record, a scratch one.
  const scratch = await scratchRecords(options);
  try {
    for (const file of opened.files) {
      if (controller.signal.aborted) break;
      const session = await opened.sessions.forFile(file);
      const label = path.relative(io.cwd, file);
      if (session.diagnostics.some((d) => d.severity === 'error')) {
        io.err(`${label}: not run because of the errors in ${path.relative(io.cwd, session.configFile ?? '') || 'prompt-workbench.yml'}`);
        badInput = true;
        continue;
      }
      const { prepared, badInput: bad, blocked } = await prepareForRun(file, label, session, options.models, io);
      if (bad) badInput = true;
      if (blocked) {
        io.err(`${label}: not run because of the errors above`);
        continue;
      }
      const sliced = options.shard ? { ...prepared, cases: await shardStream(prepared.cases, options.shard) } : prepared;
      if (options.shard && options.format === 'table') io.out(`Shard ${options.shard.index}/${options.shard.count} of ${label}: ${int(sliced.cases.count)} of ${plural(prepared.cases.count, 'case')}`);
      // The header goes with the human output; with --json or gh-json, stdout is the report alone.
      const header = options.format === 'table' ? io.out : options.verbose ? io.err : undefined;
      if (header) await printRoutes(options.models ?? prepared.parsed.prompt?.models ?? [], session, providersFor(session), printed, header);
      const code = await codeModulesOf(prepared, session.config.allowCode === true);
      if (header && code.length) header(`Runs code (--allow-code): ${code.join(', ')} – in a worker thread with your permissions, not a sandbox`);
      const finished = await runOne({ session, prepared: sliced, label, options, io, progress, signal: controller.signal, providers: providersFor(session), keep: 'failing', resultsDir: scratch.dir });
      if (!finished) {
        badInput = true;
        continue;
      }
      runs.push(finished);
      hooks.onRun?.(finished);
      if (finished.record.status === 'pending') {
        // Submitted and not waited for (--no-wait, or interrupted while waiting): the batches go on.
        const where = path.relative(io.cwd, finished.file ?? '');
        io.out(`Batch run pending: ${where}\nCollect its results with: prompt-workbench eval --resume ${where}`);
        continue;
      }
      if (options.format === 'table') {
        io.out(printRunTable(finished.record, label));
        io.out(printFailures(finished.record, io.cwd, session.root));
        const repeats = printRepeats(finished.record, io.cwd, session.root);
        if (repeats) io.out(repeats);
        const ambiguous = printAmbiguities(finished.record, io.cwd, session.root);
        if (ambiguous) io.out(ambiguous);
        if (finished.file && !scratch.dir) io.out(`Run record: ${path.relative(io.cwd, finished.file)}\n`);
      }
    }
  } finally {
    stop();
    progress.done();
  }

  try {
    return await report(runs, options, io, badInput, controller.signal.aborted);
  } finally {
    await scratch.remove();
  }
}

async function report(runs: readonly FinishedRun[], options: CliOptions, io: Io, badInput: boolean, aborted: boolean): Promise<number> {
  const records = runs.map((r) => r.record);
  if (options.junit) await writeJunitFile(path.resolve(io.cwd, options.junit), runs);
  const exitCode = decideExit(records, badInput, aborted, options.failUnder, options.minCasePassRate);
  if (options.markdown || options.summary) {
    const note = options.shard ? `Shard ${options.shard.index} of ${options.shard.count}: only the cases of this shard ran.` : undefined;
    await writeMarkdownOutputs(evalMarkdown(runs, { cwd: io.cwd, exitCode, failUnder: options.failUnder, minCasePassRate: options.minCasePassRate, note }), options, io);
  }
  // A scratch record (--no-record) is gone when the command returns: not a file to point at.
  const shown = options.record === false ? runs.map((r) => ({ ...r, file: undefined })) : runs;
  if (options.format === 'json') io.out(JSON.stringify(jsonReport(shown, exitCode, options.failUnder, { minCasePassRate: options.minCasePassRate, shard: options.shard }), null, 2));
  else if (options.format === 'gh-json') for (const run of runs) await writeGhJson(run, io.out);
  else if (options.failUnder !== undefined) io.out(overallLine(records, options.failUnder));
  if (options.format === 'table' && options.minCasePassRate !== undefined) io.out(caseGateLine(records, options.minCasePassRate));
  return exitCode;
}

/** The run header: where each model goes and whose key it takes (never the key), once per line. */
async function printRoutes(models: readonly string[], session: WorkspaceSession, providers: ProviderResolver, printed: Set<string>, write: (line: string) => void): Promise<void> {
  const pricing = pricingWith(session.config.pricing);
  for (const model of models) {
    const description = await providers.describe(model);
    const line = `Model ${routeLine(description, githubPriceNote(model, pricing))}`;
    if (printed.has(line)) continue;
    printed.add(line);
    write(line);
  }
}

/** With --no-record, JUnit and gh-json still read the results back from a record file: a temporary one. */
async function scratchRecords(options: CliOptions): Promise<{ dir?: string; remove: () => Promise<void> }> {
  if (options.record !== false || !(options.junit || options.format === 'gh-json')) return { remove: async () => {} };
  const dir = await mkdtemp(path.join(tmpdir(), 'prompt-workbench-run-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Code evaluator modules the run will load: the prompt's and, when code may run, any row's `_evaluators`. */
async function codeModulesOf(prepared: StreamedPrompt, allowCode: boolean): Promise<string[]> {
  const names = new Set(codeModuleNames(prepared.parsed.prompt?.evaluators ?? []));
  if (allowCode && prepared.cases.rowEvaluators !== false) for await (const c of casesOf(prepared.cases)) for (const name of codeModuleNames(c.evaluators)) names.add(name);
  return [...names];
}

export interface RunOne {
  session: WorkspaceSession;
  prepared: Pick<PreparedPrompt, 'parsed' | 'datasets'> & { cases: PreparedPrompt['cases'] | CaseStream };
  label: string;
  options: CliOptions;
  io: Io;
  progress: ProgressBar;
  signal: AbortSignal;
  providers: ProviderResolver;
  /** The commit the prompt's text comes from, when it is not the working copy's (compare --base-rev). */
  git?: GitInfo | null;
  /** What the returned record holds (RunSettings.keepResults); everything by default. */
  keep?: boolean | 'failing';
  /** Where the record goes instead of the session's results folder (a scratch folder with --no-record). */
  resultsDir?: string;
}

/** Runs one prompt file; undefined when the core refused its input (printed). */
export async function runOne({ session, prepared, label, options, io, progress, signal, providers, git, keep, resultsDir }: RunOne): Promise<FinishedRun | undefined> {
  let file: string | undefined;
  const models = options.models ?? prepared.parsed.prompt?.models ?? [];
  const batch = (await wantsBatch(models, session, providers, options)) ? cliBatchSettings(options, io, label) : undefined;
  const run = batch ? (input: RunInput, settings: RunSettings) => runBatchEval(input, settings, batch) : runEval;
  try {
    const record = await run(
      { parsed: prepared.parsed, cases: prepared.cases, datasets: prepared.datasets, workspaceRoot: session.root, models: options.models, repeat: options.repeat },
      runSettings(
        session,
        {
          providers,
          toolVersion: io.version,
          signal,
          ...(git === undefined ? {} : { git }),
          ...(keep === undefined ? {} : { keepResults: keep }),
          ...(resultsDir ? { resultsDir } : {}),
          onEvent: (event) => {
            if (event.type === 'result') progress.update(label, event.progress);
            if (event.type === 'started' || event.type === 'finished') file = event.file;
          },
          onRequest: options.verbose
            ? (r) =>
                io.err(
                  `${r.outcome === 'error' ? '✗' : r.outcome === 'cache' ? '◆' : '→'} ${r.model} ${r.purpose} ${r.caseId}#${r.repeat} ${r.inputTokens ?? '-'}/${r.outputTokens ?? '-'} tok ${r.latencyMs} ms${r.attempts > 1 ? ` (${r.attempts} attempts)` : ''}${r.error ? ` – ${r.error}` : ''}`,
                )
            : undefined,
        },
        { record: options.record },
      ),
    );
    return { record, file, root: session.root };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    if (error.diagnostics.length) printDiagnostics(error.diagnostics, io.cwd, io.err);
    else io.err(`${label}: ${error.message}`);
    return undefined;
  } finally {
    progress.done();
  }
}

export function overallPassRate(records: readonly RunRecord[]): number | null {
  const passed = records.reduce((s, r) => s + r.summary.passed, 0);
  const decided = records.reduce((s, r) => s + r.summary.passed + r.summary.failed + r.summary.errored, 0);
  return decided ? passed / decided : null;
}

function overallLine(records: readonly RunRecord[], failUnder: number): string {
  const rate = overallPassRate(records);
  const shown = rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`;
  return `Overall pass rate ${shown} – ${rate !== null && rate >= failUnder ? 'at or above' : 'below'} --fail-under ${(failUnder * 100).toFixed(1)}%\n`;
}

export function decideExit(records: readonly RunRecord[], badInput: boolean, interrupted: boolean, failUnder: number | undefined, minCasePassRate?: number): number {
  if (interrupted) return EXIT.interrupted;
  if (badInput) return EXIT.badInput;
  // A run that stopped part-way (a dataset that became unreadable or changed under it) kept only
  // what finished: its pass rate is not the dataset's, whatever the gates would say of it.
  if (records.some((r) => r.status === 'failed')) return EXIT.badInput;
  // Either gate replaces "any failure fails": with repeats, one failed repeat is what they allow.
  if (minCasePassRate !== undefined && casesBelowGate(records, minCasePassRate).length > 0) return EXIT.failed;
  if (failUnder !== undefined) {
    const rate = overallPassRate(records);
    return rate === null || rate >= failUnder ? EXIT.ok : EXIT.failed;
  }
  if (minCasePassRate !== undefined) return EXIT.ok;
  return records.some((r) => r.summary.failed + r.summary.errored > 0) ? EXIT.failed : EXIT.ok;
}
