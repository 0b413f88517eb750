import path from 'node:path';
import {
  blockingErrors,
  compareRuns,
  createProviderResolver,
  gitTopLevel,
  preparePrompt,
  prepareOptions,
  resolveCommit,
  revisionReader,
  type ComparisonSide,
  type PreparedPrompt,
  type ProviderResolver,
  type RunRecord,
  type WorkspaceSession,
} from '../../core/index.js';
import { verdictSentence } from '../../shared/versionCompare.js';
import type { CliOptions } from '../args.js';
import { writeMarkdownOutputs } from '../github/stepSummary.js';
import type { Io } from '../io.js';
import { compareJson, printComparison, type CompareEntry, type CompareNote } from '../output/compareReport.js';
import { compareMarkdown } from '../output/markdown/compareSummary.js';
import { createProgressBar, type ProgressBar } from '../output/progress.js';
import { looksLikeRecordPath, readRecords } from '../recordFiles.js';
import { openTargets, printDiagnostics } from '../workspace.js';
import { EXIT, runOne } from './eval.js';

// `prompt-workbench compare`: is head better or worse than base, beyond noise? Each side is a run
// record, or the prompt files evaluated as they are at a git revision and as they are now (the
// cache makes evaluating the unchanged cases again free). Exit 1 on a regression with
// --fail-on-regression, so a pull request can be gated on it.

interface Compared {
  entries: CompareEntry[];
  notes: CompareNote[];
  badInput: boolean;
  interrupted: boolean;
}

export async function compareCommand(options: CliOptions, io: Io): Promise<number> {
  const records = options.targets.filter(looksLikeRecordPath);
  if (records.length && records.length !== options.targets.length) {
    io.err('error: compare takes run records (.jsonl, .json) or prompt files, not both');
    return EXIT.badInput;
  }
  const compared = records.length ? await fromRecords(options, io) : await fromPromptFiles(options, io);
  if (!compared) return EXIT.badInput;
  const { entries, notes } = compared;
  const regression = entries.some((e) => e.comparison.regression);
  const exitCode = compared.interrupted ? EXIT.interrupted : compared.badInput ? EXIT.badInput : options.failOnRegression && regression ? EXIT.failed : EXIT.ok;

  if (options.format === 'json') io.out(JSON.stringify(compareJson(entries, notes, exitCode, options), null, 2));
  else {
    for (const note of notes) io.out(`${note.prompt}: ${note.text}`);
    if (entries.length === 0 && notes.length === 0) io.out('Nothing to compare.');
    if (options.failOnRegression)
      io.out(regression ? `\nHead is worse than base beyond noise (α = ${options.alpha}) – failing (--fail-on-regression).` : `\nNo regression beyond noise (α = ${options.alpha}).`);
  }
  if (options.markdown || options.summary) await writeMarkdownOutputs(compareMarkdown(entries, notes, { cwd: io.cwd, alpha: options.alpha, failOnRegression: options.failOnRegression }), options, io);
  return exitCode;
}

/** Two records, or one record and two of its models. */
async function fromRecords(options: CliOptions, io: Io): Promise<Compared | undefined> {
  if (options.baseRev) {
    io.err('error: --base-rev evaluates prompt files; give prompt files, not run records');
    return undefined;
  }
  if (options.targets.length > 2) {
    io.err(`error: compare takes two run records (base, then head), or one with --base-model and --head-model (got ${options.targets.length})`);
    return undefined;
  }
  if (options.targets.length === 1 && !(options.baseModel && options.headModel)) {
    io.err('error: one run record is compared between two of its models: pass --base-model and --head-model (or give two records)');
    return undefined;
  }
  const loaded = await readRecords(
    options.targets.map((t) => path.resolve(io.cwd, t)),
    io,
  );
  if (!loaded) return undefined;
  const [base, head = base] = loaded;
  for (const [side, model, entry] of [
    ['base', options.baseModel, base],
    ['head', options.headModel, head],
  ] as const) {
    if (model && !entry.record.models.includes(model)) {
      io.err(`error: --${side}-model ${model}: ${entry.file} did not run it (it ran ${entry.record.models.join(', ')})`);
      return undefined;
    }
  }
  const labels = { before: options.baseModel ?? 'base', after: options.headModel ?? 'head' };
  const notes: CompareNote[] = [];
  if (base.record.prompt.path !== head.record.prompt.path)
    notes.push({ prompt: head.record.prompt.path, text: `compared with a run of another prompt file, ${base.record.prompt.path}: only cases with the same id pair up` });
  const root = path.resolve(io.cwd, options.workspace ?? '.');
  const entries = compareSides({ record: base.record, model: options.baseModel }, { record: head.record, model: options.headModel }, labels, root, options, notes);
  if (options.format === 'table') for (const entry of entries) io.out(printComparison(entry, io.cwd));
  return { entries, notes, badInput: false, interrupted: false };
}

function compareSides(base: ComparisonSide, head: ComparisonSide, labels: CompareEntry['labels'], root: string, options: CliOptions, notes: CompareNote[]): CompareEntry[] {
  const result = compareRuns(base, head, options.alpha);
  const prompt = head.record.prompt.path;
  if (result.onlyBase.length) notes.push({ prompt, text: `only ${labels.before} ran ${result.onlyBase.join(', ')}: not compared` });
  if (result.onlyHead.length) notes.push({ prompt, text: `only ${labels.after} ran ${result.onlyHead.join(', ')}: not compared` });
  return result.comparisons.map((comparison) => ({ comparison, labels, verdict: verdictSentence(comparison.difference, labels), root }));
}

interface Evaluation {
  options: CliOptions;
  io: Io;
  progress: ProgressBar;
  signal: AbortSignal;
  providersFor: (session: WorkspaceSession) => ProviderResolver;
}

/** The prompt files run twice – at --base-rev and as they are now – or once with both models. */
async function fromPromptFiles(options: CliOptions, io: Io): Promise<Compared | undefined> {
  if (!options.baseRev && !(options.baseModel && options.headModel)) {
    io.err('error: compare evaluates prompt files against --base-rev <rev>, or between --base-model and --head-model');
    return undefined;
  }
  const opened = await openTargets(options, io);
  if (!opened) return undefined;
  let revision: { top: string; commit: string; label: string } | undefined;
  if (options.baseRev) {
    const top = await gitTopLevel(path.dirname(opened.files[0]));
    const commit = top ? await resolveCommit(top, options.baseRev) : undefined;
    if (!top || !commit) {
      io.err(
        top
          ? `error: --base-rev ${options.baseRev}: no such revision in ${top} (in CI, fetch it first, e.g. git fetch --depth=1 origin ${options.baseRev})`
          : `error: --base-rev needs the prompt files to be in a git repository`,
      );
      return undefined;
    }
    revision = { top, commit, label: /^[0-9a-f]{40}$/i.test(options.baseRev) ? options.baseRev.slice(0, 7) : options.baseRev };
  }
  const labels = {
    before: [revision?.label, options.baseModel].filter(Boolean).join(' · '),
    after: [revision ? 'head' : '', options.headModel].filter(Boolean).join(' · '),
  };

  const resolvers = new Map<WorkspaceSession, ProviderResolver>();
  const providersFor = (session: WorkspaceSession) => {
    let resolver = resolvers.get(session);
    if (!resolver) resolvers.set(session, (resolver = createProviderResolver({ config: session.config, env: io.env })));
    return resolver;
  };
  const controller = new AbortController();
  const stop = io.onInterrupt(() => controller.abort());
  const progress = createProgressBar(io.stderr);
  const compared: Compared = { entries: [], notes: [], badInput: false, interrupted: false };
  const evaluation: Evaluation = { options, io, progress, signal: controller.signal, providersFor };
  try {
    for (const file of opened.files) {
      if (controller.signal.aborted) break;
      const session = await opened.sessions.forFile(file);
      const entries = await compareFile(file, session, revision, labels, evaluation, compared);
      if (options.format === 'table') for (const entry of entries) io.out(printComparison(entry, io.cwd));
      compared.entries.push(...entries);
    }
  } finally {
    stop();
    progress.done();
  }
  compared.interrupted = controller.signal.aborted;
  return compared;
}

async function compareFile(
  file: string,
  session: WorkspaceSession,
  revision: { top: string; commit: string; label: string } | undefined,
  labels: CompareEntry['labels'],
  evaluation: Evaluation,
  compared: Compared,
): Promise<CompareEntry[]> {
  const { options, io } = evaluation;
  const label = path.relative(io.cwd, file);
  const note = (text: string) => compared.notes.push({ prompt: label, text });
  if (session.diagnostics.some((d) => d.severity === 'error')) {
    io.err(`${label}: not compared because of the errors in ${path.relative(io.cwd, session.configFile ?? '') || 'prompt-workbench.yml'}`);
    compared.badInput = true;
    return [];
  }
  const head = await preparePrompt(file, prepareOptions(session));
  printDiagnostics(head.diagnostics, io.cwd, io.err);
  if (blockingErrors(head, options.models).length || head.diagnostics.some((d) => d.severity === 'error')) {
    io.err(`${label}: not compared because of the errors above`);
    compared.badInput = true;
    return [];
  }
  if (!revision) {
    const run = await evaluate(head, session, label, [options.baseModel!, options.headModel!], undefined, evaluation);
    if (!run) compared.badInput = true;
    if (!run) return [];
    return compareSides({ record: run, model: options.baseModel }, { record: run, model: options.headModel }, labels, session.root, options, compared.notes);
  }

  const read = revisionReader(revision.top, revision.commit);
  const exists = await read(file).then(
    () => true,
    () => false,
  );
  if (!exists) {
    note(`new since ${revision.label}: nothing to compare with`);
    return [];
  }
  const base = await preparePrompt(file, prepareOptions(session, read));
  const baseErrors = [...base.diagnostics.filter((d) => d.severity === 'error'), ...blockingErrors(base, options.models)];
  if (baseErrors.length) {
    note(`does not run as it is at ${revision.label} (${baseErrors[0].message}${baseErrors.length > 1 ? ` and ${baseErrors.length - 1} more` : ''}): nothing to compare with`);
    return [];
  }
  if (!options.baseModel && !options.headModel && unchanged(base, head)) {
    note(`unchanged since ${revision.label} (prompt and datasets): not run again`);
    return [];
  }
  const baseRun = await evaluate(base, session, `${label} @ ${revision.label}`, sideModels(options.baseModel, options), { commit: revision.commit, dirty: false }, evaluation);
  if (!baseRun) return [];
  const headRun = await evaluate(head, session, label, sideModels(options.headModel, options), undefined, evaluation);
  if (!headRun) compared.badInput = true;
  if (!headRun) return [];
  return compareSides({ record: baseRun }, { record: headRun }, labels, session.root, options, compared.notes);
}

function sideModels(model: string | undefined, options: CliOptions): string[] | undefined {
  return model ? [model] : options.models;
}

/** The same prompt text and dataset contents: both runs would send the same requests. */
function unchanged(base: PreparedPrompt, head: PreparedPrompt): boolean {
  const key = (p: PreparedPrompt) => JSON.stringify(p.datasets.map((d) => [d.path, d.contentHash]));
  return base.parsed.text === head.parsed.text && key(base) === key(head);
}

async function evaluate(
  prepared: PreparedPrompt,
  session: WorkspaceSession,
  label: string,
  models: string[] | undefined,
  git: { commit: string; dirty: boolean } | undefined,
  { options, io, progress, signal, providersFor }: Evaluation,
): Promise<RunRecord | undefined> {
  const run = await runOne({ session, prepared, label, options: { ...options, models }, io, progress, signal, providers: providersFor(session), git });
  return run?.record;
}
