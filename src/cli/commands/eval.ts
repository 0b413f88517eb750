import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  InputError,
  createProviderResolver,
  preparePrompt,
  pricingWith,
  runEval,
  type PreparedPrompt,
  type RunRecord,
} from '../../core/index.js';
import type { CliOptions } from '../args.js';
import { openTargets, printDiagnostics } from '../workspace.js';
import { createProgressBar } from '../output/progress.js';
import { junitXml } from '../output/junit.js';
import { printFailures, printRunTable, jsonReport, type FinishedRun } from '../output/report.js';
import type { Io } from '../io.js';

export const EXIT = { ok: 0, failed: 1, badInput: 2, interrupted: 130 } as const;

/** Whether the prompt's own problems stop it from running (row-level dataset errors do not). */
export function blocksRun(prepared: PreparedPrompt): boolean {
  if (!prepared.parsed.prompt) return true;
  return prepared.diagnostics.some((d) => d.severity === 'error' && (d.file === prepared.parsed.file || d.code === 'dataset/missing-var'));
}

export async function evalCommand(options: CliOptions, io: Io): Promise<number> {
  const opened = await openTargets(options, io);
  if (!opened) return EXIT.badInput;
  const { workspace, files } = opened;

  const config = workspace.config;
  const providers = createProviderResolver({ config, env: io.env });
  const pricing = pricingWith(config.pricing);
  const controller = new AbortController();
  const stop = io.onInterrupt(() => controller.abort());
  const progress = createProgressBar(io.stderr);
  const runs: FinishedRun[] = [];
  let badInput = false;
  try {
    for (const file of files) {
      const prepared = await preparePrompt(file, { workspaceRoot: workspace.root, allowOutsideWorkspace: options.allowOutsideWorkspace || config.allowOutsideWorkspace });
      printDiagnostics(prepared.diagnostics, io.cwd, io.err);
      if (prepared.diagnostics.some((d) => d.severity === 'error')) badInput = true;
      if (blocksRun(prepared)) {
        io.err(`${path.relative(io.cwd, file)}: not run because of the errors above`);
        continue;
      }
      if (controller.signal.aborted) break;
      const label = path.relative(io.cwd, file);
      let record: RunRecord;
      let recordFile: string | undefined;
      try {
        record = await runEval(
          { parsed: prepared.parsed, cases: prepared.cases, datasets: prepared.datasets, workspaceRoot: workspace.root, models: options.models, repeat: options.repeat },
          {
            providers,
            pricing,
            concurrency: options.concurrency ?? config.concurrency,
            timeoutMs: options.timeoutMs ?? config.timeoutMs,
            maxRetries: options.retries ?? config.maxRetries,
            cache: options.cache,
            cacheDir: path.resolve(workspace.root, config.cacheDir),
            resultsDir: options.record ? path.resolve(io.cwd, options.resultsDir ?? path.resolve(workspace.root, config.resultsDir)) : null,
            toolVersion: io.version,
            judgeModel: config.judgeModel,
            signal: controller.signal,
            onEvent: (event) => {
              if (event.type === 'result') progress.update(label, event.progress);
              if (event.type === 'finished') recordFile = event.file;
            },
            onRequest: options.verbose
              ? (r) => io.err(`${r.outcome === 'error' ? '✗' : r.outcome === 'cache' ? '◆' : '→'} ${r.model} ${r.purpose} ${r.caseId}#${r.repeat} ${r.inputTokens ?? '-'}/${r.outputTokens ?? '-'} tok ${r.latencyMs} ms${r.attempts > 1 ? ` (${r.attempts} attempts)` : ''}${r.error ? ` – ${r.error}` : ''}`)
              : undefined,
          },
        );
      } catch (error) {
        progress.done();
        if (!(error instanceof InputError)) throw error;
        printDiagnostics(error.diagnostics, io.cwd, io.err);
        badInput = true;
        continue;
      }
      progress.done();
      runs.push({ record, file: recordFile });
      if (!options.json) {
        io.out(printRunTable(record, label));
        io.out(printFailures(record, io.cwd, workspace.root));
        if (recordFile) io.out(`Run record: ${path.relative(io.cwd, recordFile)}\n`);
      }
    }
  } finally {
    stop();
    progress.done();
  }

  const records = runs.map((r) => r.record);
  if (options.junit) await writeFile(path.resolve(io.cwd, options.junit), junitXml(records));
  const exitCode = decideExit(records, badInput, controller.signal.aborted, options.failUnder);
  if (options.json) io.out(JSON.stringify(jsonReport(runs, exitCode, options.failUnder), null, 2));
  else if (options.failUnder !== undefined) io.out(overallLine(records, options.failUnder));
  return exitCode;
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

export function decideExit(records: readonly RunRecord[], badInput: boolean, interrupted: boolean, failUnder: number | undefined): number {
  if (interrupted) return EXIT.interrupted;
  if (badInput) return EXIT.badInput;
  if (failUnder !== undefined) {
    const rate = overallPassRate(records);
    return rate === null || rate >= failUnder ? EXIT.ok : EXIT.failed;
  }
  return records.some((r) => r.summary.failed + r.summary.errored > 0) ? EXIT.failed : EXIT.ok;
}
