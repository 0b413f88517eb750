import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appendRows, existingRows, importRows, parsePromptFile, type ImportReport } from '../../core/index.js';
import type { CliOptions } from '../args.js';
import type { Io } from '../io.js';
import { plural } from '../output/format.js';
import { printDiagnostics } from '../workspace.js';
import { EXIT } from './eval.js';
import { readTextIfAny, refuse } from './datasetFiles.js';

// `prompt-workbench import <log> --prompt <file> -o <dataset>`: logged calls that match the
// prompt become rows of the dataset; every entry left out is named with its line and why.

export async function importCommand(options: CliOptions, io: Io): Promise<number> {
  const log = path.resolve(io.cwd, options.targets[0]);
  const promptFile = path.resolve(io.cwd, options.prompt!);
  const output = path.resolve(io.cwd, options.output!);
  const promptText = await readTextIfAny(promptFile);
  if (promptText === undefined) return refuse(io, `cannot read the prompt file ${options.prompt}`);
  const parsed = parsePromptFile(promptText, promptFile);
  if (!parsed.prompt) {
    printDiagnostics(parsed.diagnostics, io.cwd, io.err);
    return refuse(io, `${options.prompt} has errors; fix them first`);
  }
  if ((await readTextIfAny(log)) === undefined) return refuse(io, `cannot read the log ${options.targets[0]}`);
  const before = output === promptFile ? promptText : await readTextIfAny(output);
  const existing = existingRows(before, output);
  const imported = await importRows(log, parsed.prompt.messages, { withExpected: options.withExpected, sample: options.sample, seed: options.seed, existing: existing.keys });
  if (!imported.ok) return refuse(io, imported.error);
  const { report } = imported;
  const appended = appendRows(before, output, report.rows);
  if (!appended.ok) return refuse(io, appended.error);
  if (report.rows.length || before === undefined) await writeFile(output, appended.text);
  if (options.json) io.out(JSON.stringify({ log: path.relative(io.cwd, log), output: path.relative(io.cwd, output), ...report }, null, 2));
  else printReport(report, path.relative(io.cwd, log), path.relative(io.cwd, output), io);
  return EXIT.ok;
}

function printReport(report: ImportReport, log: string, output: string, io: Io): void {
  for (const skip of report.skipped) io.err(`${log}:${skip.line}: skipped${skip.where ? ` (${skip.where})` : ''}: ${skip.reason}`);
  const parts = [`${plural(report.calls, 'call')} read`, `${report.matched} matched the prompt`];
  if (report.skipped.length) parts.push(`${report.skipped.length} skipped`);
  if (report.duplicates) parts.push(`${plural(report.duplicates, 'duplicate')} left out`);
  if (report.sampledOut) parts.push(`${report.sampledOut} not sampled`);
  if (report.ignored) parts.push(`${plural(report.ignored, 'other span')} ignored`);
  io.out(`Imported ${plural(report.rows.length, 'row')} into ${output} (${parts.join(', ')}).`);
}
