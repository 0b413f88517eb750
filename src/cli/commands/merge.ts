import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { mergeRecords, recordFileName, runId, writeRecordFile, type FinishedRun, type RunRecord } from '../../core/index.js';
import type { CliOptions } from '../args.js';
import { writeMarkdownOutputs } from '../github/stepSummary.js';
import type { Io } from '../io.js';
import { plural } from '../output/format.js';
import { writeJunitFile } from '../output/junit.js';
import { evalMarkdown } from '../output/markdown/evalSummary.js';
import { printFailures, printRunTable, jsonReport } from '../output/report.js';
import { caseGateLine, printRepeats } from '../output/repeatsReport.js';
import { expandRecordTargets, readRecords, type LoadedRecord } from '../recordFiles.js';
import { decideExit, EXIT } from './eval.js';

// `prompt-workbench merge <records…> -o <file>`: the shards of a CI matrix (and repeats) as one run
// record per prompt file, with its summary recomputed – what a single machine would have written.

export async function mergeCommand(options: CliOptions, io: Io): Promise<number> {
  if (!options.output) {
    io.err('error: merge needs -o <file> (or -o <folder>/ when the records cover several prompt files)');
    return EXIT.badInput;
  }
  const { files, unmatched } = await expandRecordTargets(options.targets, io.cwd);
  for (const target of unmatched) io.err(`error: no run records match "${target}"`);
  if (unmatched.length) return EXIT.badInput;
  const loaded = await readRecords(files, io);
  if (!loaded) return EXIT.badInput;

  const groups = byPrompt(loaded);
  const outputPath = path.resolve(io.cwd, options.output);
  const toFolder = /[\\/]$/.test(options.output) || (existsSync(outputPath) && statSync(outputPath).isDirectory());
  if (groups.size > 1 && !toFolder) {
    io.err(`error: the records cover ${plural(groups.size, 'prompt file')} (${[...groups.keys()].join(', ')}): pass -o <folder>/ to write one merged record for each`);
    return EXIT.badInput;
  }

  const merged: FinishedRun[] = [];
  for (const [prompt, inputs] of groups) {
    const outcome = mergeRecords(inputs, runId);
    if (!outcome.ok) {
      io.err(`error: ${outcome.message}`);
      return EXIT.badInput;
    }
    for (const file of outcome.duplicates) io.err(`note: ${file} is a record already given (same run id); counted once`);
    const file = toFolder ? path.join(outputPath, recordFileName(outcome.record)) : outputPath;
    merged.push({ record: outcome.record, file, root: recordRoot(options, io) });
    if (options.format === 'table') io.out(`Merged ${plural(inputs.length, 'record')} of ${prompt} → ${path.relative(io.cwd, file)}`);
  }
  for (const run of merged) await writeRecordFile(run.file!, run.record);

  const records = merged.map((m) => m.record);
  const gated = options.failUnder !== undefined || options.minCasePassRate !== undefined;
  const exitCode = gated ? decideExit(records, false, false, options.failUnder, options.minCasePassRate) : EXIT.ok;
  report(merged, exitCode, options, io);
  if (options.junit) await writeJunitFile(path.resolve(io.cwd, options.junit), merged);
  if (options.markdown || options.summary) {
    await writeMarkdownOutputs(
      evalMarkdown(merged, { cwd: io.cwd, exitCode, failUnder: options.failUnder, minCasePassRate: options.minCasePassRate, note: `Merged from ${plural(loaded.length, 'run record')}.` }),
      options,
      io,
    );
  }
  return exitCode;
}

function byPrompt(loaded: readonly LoadedRecord[]): Map<string, LoadedRecord[]> {
  const groups = new Map<string, LoadedRecord[]>();
  for (const entry of loaded) {
    const group = groups.get(entry.record.prompt.path);
    if (group) group.push(entry);
    else groups.set(entry.record.prompt.path, [entry]);
  }
  return groups;
}

/** Record paths are relative to the config folder the shards ran in: --workspace, else here. */
function recordRoot(options: CliOptions, io: Io): string {
  return path.resolve(io.cwd, options.workspace ?? '.');
}

function report(merged: readonly FinishedRun[], exitCode: number, options: CliOptions, io: Io): void {
  const records: RunRecord[] = merged.map((m) => m.record);
  if (options.format === 'json') {
    io.out(JSON.stringify(jsonReport(merged, exitCode, options.failUnder, { minCasePassRate: options.minCasePassRate }), null, 2));
    return;
  }
  for (const run of merged) {
    io.out(printRunTable(run.record, run.record.prompt.path));
    io.out(printFailures(run.record, io.cwd, run.root!));
    const repeats = printRepeats(run.record, io.cwd, run.root!);
    if (repeats) io.out(repeats);
  }
  if (options.minCasePassRate !== undefined) io.out(caseGateLine(records, options.minCasePassRate));
}
