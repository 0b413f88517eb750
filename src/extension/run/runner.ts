import path from 'node:path';
import * as vscode from 'vscode';
import type { CaseResult, RunRecord } from '../../core/record/types.js';
import type { ChatProvider } from '../../core/providers/types.js';
import type { ProviderResolver } from '../../core/providers/registry.js';
import type { Analysis, PromptAnalysis } from '../analysis/analysis.js';
import type { EvalRunner, FinishedRun, ResultsViews, RunRequest, RunUpdate } from './contracts.js';
import { pictureWith } from './picture.js';
import { loadCore } from '../core.js';
import type { KeyStore } from './keys.js';
import type { Log } from '../log.js';
import { throttle } from '../analysis/debounce.js';
import { plural, usd } from '../format.js';
import { LM_PROVIDER } from '../models/models.js';
import type { RunProgressView } from './statusText.js';
import type { ResultsStore } from './results.js';
import { ensureTrusted } from '../workspace/trust.js';
import { createLmProvider } from '../models/lmProvider.js';
import { githubSessionToken, signInToGithub } from '../models/githubAuth.js';
import { createModelCatalog } from '../models/catalog.js';
import type { CatalogModel } from '../../core/providers/catalog.js';
import { allowedHosts } from '../workspace/settings.js';
import type { WorkspaceSession } from '../../core/workspace/session.js';
import type { BatchPoll, BatchSettings } from '../../core/batch/collect.js';

// The one place runs start, for the palette, CodeLens, Test Explorer and the webviews alike: it
// prepares the prompt from the editor's text, checks keys before sending anything, runs the core's
// runEval with an AbortSignal (cancel aborts requests in flight and keeps finished cases in the
// record), logs every request, and publishes results as they arrive.

export interface ExecuteHooks {
  signal?: AbortSignal;
  progress?: vscode.Progress<{ message?: string; increment?: number }>;
  onResult?(result: CaseResult, record: RunRecord): void;
}

export interface Runner extends EvalRunner, vscode.Disposable {
  /** The providers a prompt file's runs use (its session's config, the key store, VS Code's models). */
  providersForFile(file: string): Promise<ProviderResolver>;
  /** A run without UI of its own (the caller shows progress); undefined when it could not start. */
  execute(request: RunRequest, hooks?: ExecuteHooks): Promise<FinishedRun | undefined>;
  runAll(files: readonly string[]): Promise<FinishedRun[]>;
  cancelAll(): void;
  activeRuns(): RunProgressView[];
  readonly onDidChangeActive: vscode.Event<void>;
  /** The results views are made after the runner (they take it as an argument). */
  setViews(views: ResultsViews): void;
  /** GitHub Models' catalog for a prompt file's session (empty without a token or offline). */
  catalogModels(uri: vscode.Uri): Promise<CatalogModel[]>;
  /** What the price of each model that runs on GitHub Models stands for (estimates label it). */
  priceNotes(uri: vscode.Uri, models: readonly string[]): Promise<Record<string, string>>;
  /** Picks up batch runs still pending in these sessions' records (submitted earlier, maybe on another machine). */
  resumePendingBatches(sessions: readonly WorkspaceSession[]): Promise<void>;
}

export interface RunnerDeps {
  analysis: Analysis;
  results: ResultsStore;
  keys: KeyStore;
  log: Log;
  version: string;
}

interface ActiveRun {
  controller: AbortController;
  view: RunProgressView;
  /** A batch run being collected from this record. */
  recordFile?: string;
}

interface Planned {
  a: PromptAnalysis;
  label: string;
  models: string[];
  providers: ProviderResolver;
}

/** How often live updates go out while results stream in. */
const UPDATE_INTERVAL_MS = 250;
/**
 * An update costs the editor a pass over the run's cases and results (row marks, Problems entries,
 * the lens's counts, a partial run's picture): updates come at most a tenth of the time, however
 * big the run. The cases' outcomes are remade only for new results (outcomeIndex.ts).
 */
const LIVE_COST_FACTOR = 10;
/** How often the progress notification is told how far a run is (thinnedProgress). */
const PROGRESS_INTERVAL_MS = 1000;
/** First wait between polls of a batch run in the editor (it grows to a minute). */
const BATCH_POLL_MS = 10_000;

export function createRunner(deps: RunnerDeps): Runner {
  const { analysis, results, keys, log } = deps;
  const updates = new vscode.EventEmitter<RunUpdate>();
  const activeChanged = new vscode.EventEmitter<void>();
  const active = new Set<ActiveRun>();
  let views: ResultsViews | undefined;
  let lmProvider: ChatProvider | undefined;
  const catalog = createModelCatalog(keys, log);

  const setActive = (run: ActiveRun, on: boolean) => {
    if (on) active.add(run);
    else active.delete(run);
    void vscode.commands.executeCommand('setContext', 'promptWorkbench.running', active.size > 0);
    activeChanged.fire();
  };

  async function providersFor(a: PromptAnalysis): Promise<ProviderResolver> {
    const core = await loadCore();
    lmProvider ??= createLmProvider();
    return core.createProviderResolver({
      config: a.session.config,
      env: process.env,
      resolveKey: (provider) => keys.get(provider),
      extraProviders: { [LM_PROVIDER]: lmProvider },
      allowHosts: allowedHosts(a.context.settings),
      githubSession: githubSessionToken,
      onSecret: (secret) => log.addSecret(secret),
    });
  }

  /**
   * A missing key or unknown provider stops the run before anything is sent, with a way to fix it.
   * A key refused for its host does not: like the CLI, the run records those cases as errored
   * with the host and how to allow it.
   */
  async function checkProviders(a: PromptAnalysis, models: readonly string[], resolver: ProviderResolver): Promise<boolean> {
    const core = await loadCore();
    const pricing = core.pricingWith(a.session.config.pricing);
    for (const model of models) {
      const described = await resolver.describe(model);
      log.info(`route for ${relative(a)}: ${core.routeLine(described, core.githubPriceNote(model, pricing))}`);
      if (!described.error || described.errorCode === 'host-refused') continue;
      const message = described.error;
      log.warn(`not running ${relative(a)}: ${message}`);
      const github = described.route.provider === 'github' || described.route.reason === 'openai-no-key';
      const actions = described.errorCode === 'no-key' ? [...(github ? ['Sign in to GitHub'] : []), 'Set API Key…', 'Select Models…'] : ['Select Models…'];
      void vscode.window.showErrorMessage(`Prompt Workbench: cannot run ${relative(a)} with ${model}: ${message}`, ...actions).then(async (choice) => {
        if (choice === 'Sign in to GitHub' && (await signInToGithub())) void vscode.window.showInformationMessage(`Prompt Workbench: run ${relative(a)} again to use GitHub Models.`);
        if (choice === 'Set API Key…') void vscode.commands.executeCommand('promptWorkbench.setApiKey', github ? 'github' : undefined);
        if (choice === 'Select Models…') void vscode.commands.executeCommand('promptWorkbench.selectModels');
      });
      return false;
    }
    return true;
  }

  async function execute(request: RunRequest, hooks: ExecuteHooks = {}): Promise<FinishedRun | undefined> {
    if (!ensureTrusted()) return undefined;
    const planned = await plan(request);
    return planned ? await start(planned, request, hooks) : undefined;
  }

  /** Everything that can stop a run is checked here, before anything is sent. */
  async function plan(request: RunRequest): Promise<Planned | undefined> {
    const file = request.uri.fsPath;
    const a = request.text === undefined ? await analysis.analyzeNow(file) : await analysis.analyzeText(file, request.text);
    const label = request.label ? `${relative(a)} @ ${request.label}` : relative(a);
    if (a.blocking.length) {
      const core = await loadCore();
      refuse(
        `${label} cannot run: ${core.describeProblem(a.blocking[0], path.relative(a.session.root, a.blocking[0].file) || a.blocking[0].file)}${a.blocking.length > 1 ? ` (and ${plural(a.blocking.length - 1, 'more problem')})` : ''}`,
        true,
      );
      return undefined;
    }
    const known = new Set(a.prepared.cases.map((c) => c.id));
    const missing = (request.caseIds ?? []).filter((id) => !known.has(id));
    if (missing.length) {
      refuse(`${label} has no case ${missing.map((id) => `"${id}"`).join(', ')} (any more).`, false);
      return undefined;
    }
    const models = request.models?.length ? [...request.models] : a.models;
    const providers = await providersFor(a);
    if (!(await checkProviders(a, models, providers))) return undefined;
    return { a, label, models, providers };
  }

  async function start({ a, label, models, providers }: Planned, request: RunRequest, hooks: ExecuteHooks): Promise<FinishedRun | undefined> {
    const core = await loadCore();
    const file = a.file;
    const controller = linkedController(hooks.signal);
    const run: ActiveRun = { controller: controller.controller, view: { label, completed: 0, total: 0, passed: 0, failed: 0, errored: 0, costUsd: 0 } };
    // The picture a run of some cases updates: after a reload, the newest record on disk.
    if (request.caseIds?.length && request.text === undefined) await results.loadFromDisk(file, a.session);
    // A revision's run (request.text) must not replace the working file's results in the editor.
    const live = liveUpdates(file, a.session.root, request.text === undefined, request.caseIds);
    setActive(run, true);
    log.info(`run ${label}: ${plural(request.caseIds?.length ?? a.prepared.cases.length, 'case')} × ${models.join(', ')}${request.repeat ? ` × ${request.repeat}` : ''}`);
    const input = { parsed: a.prepared.parsed, cases: a.prepared.cases, datasets: a.prepared.datasets, workspaceRoot: a.session.root, models, repeat: request.repeat, caseIds: request.caseIds };
    // The results view shows the batches' state (submitted, counts, elapsed) while they are pending.
    const batch = request.batch
      ? batchSettings(run, hooks, (poll) => {
          const record = live.record();
          if (record) record.batch = { ...record.batch, jobs: [...poll.jobs] };
          live.changed();
        })
      : undefined;
    const runEval: typeof core.runEval = batch ? (i, settings) => core.runBatchEval(i, settings, batch) : core.runEval;
    const progress = thinnedProgress(hooks.progress);
    try {
      const record = await runEval(
        input,
        core.runSettings(a.session, {
          toolVersion: deps.version,
          providers,
          signal: controller.controller.signal,
          onRequest: (entry) => log.request(entry),
          onEvent: (event) => {
            if (event.type === 'started') {
              run.view.total = event.total;
              live.started(event.record, event.file);
            } else if (event.type === 'result') {
              // A batch run's results are collected from its record file; the live record gets them here.
              if (batch) live.record()?.results.push(event.result);
              Object.assign(run.view, event.progress);
              progress.report(event.progress.total ? 100 / event.progress.total : 0, progressMessage(event.progress));
              hooks.onResult?.(event.result, live.record()!);
              live.changed();
            }
            activeChanged.fire();
          },
        }),
      );
      const finished = live.finished(record);
      analysis.refreshEstimate(file);
      const s = record.summary;
      log.info(
        `run ${label} ${record.status}: ${s.passed}/${s.passed + s.failed + s.errored} passed, ${s.errored} errored, ${s.cancelled} cancelled, ${usd(s.costUsd)}, ${(s.durationMs / 1000).toFixed(1)} s${finished.file ? ` → ${finished.file}` : ''}`,
      );
      return finished;
    } catch (error) {
      live.abandon();
      if (!(error instanceof core.InputError)) throw error;
      const first = error.diagnostics[0];
      refuse(`${label} cannot run: ${first ? core.describeProblem(first, path.relative(a.session.root, first.file)) : error.message}`, true);
      return undefined;
    } finally {
      progress.cancel();
      controller.dispose();
      setActive(run, false);
    }
  }

  /** A batch run in the editor: waited for with the status bar and the progress notification saying how far its batches are. */
  function batchSettings(run: ActiveRun, hooks: ExecuteHooks, onPoll?: (poll: BatchPoll) => void): BatchSettings {
    return {
      judges: 'batch',
      wait: true,
      pollMs: BATCH_POLL_MS,
      onSubmitted: ({ jobs }) => log.info(`${run.view.label}: submitted ${plural(jobs.length, 'batch')} (${jobs.map((j) => j.id).join(', ')})`),
      onPoll: (poll) => {
        run.view.batch = batchProgressText(poll);
        hooks.progress?.report({ message: run.view.batch });
        onPoll?.(poll);
        activeChanged.fire();
      },
    };
  }

  async function resumePendingBatches(sessions: readonly WorkspaceSession[]): Promise<void> {
    const core = await loadCore();
    for (const session of sessions) {
      for (const file of await core.listRecordFiles(session.resultsDir).catch(() => [] as string[])) {
        if (!(await core.isPendingBatchRecord(file))) continue;
        if ([...active].some((r) => r.recordFile === file)) continue;
        void collectPending(file, session).catch((error: unknown) => log.error(`collecting the batch run ${file} failed`, error));
      }
    }
  }

  /** Waits for a pending batch run found on disk, then says so and offers its results. */
  async function collectPending(file: string, session: WorkspaceSession): Promise<void> {
    const core = await loadCore();
    const record = await core.readRecord(file);
    const promptFile = path.resolve(session.root, record.prompt.path);
    const a = await analysis.analyze(promptFile);
    const controller = new AbortController();
    const run: ActiveRun = { controller, recordFile: file, view: { label: relative(a), completed: record.results.length, total: 0, passed: 0, failed: 0, errored: 0, costUsd: 0 } };
    log.info(`picking up the pending batch run ${path.relative(session.root, file)}`);
    setActive(run, true);
    try {
      const settings = core.runSettings(a.session, { toolVersion: deps.version, providers: await providersFor(a), signal: controller.signal, onRequest: (entry) => log.request(entry) });
      const finished = await core.collectBatchRun(file, a.session.root, settings, batchSettings(run, {}));
      if (finished.status === 'pending') return;
      const done: FinishedRun = { record: finished, file, root: a.session.root };
      results.set(promptFile, done);
      updates.fire({ ...done, done: true });
      const s = finished.summary;
      const choice = await vscode.window.showInformationMessage(
        `Prompt Workbench: the batch run of ${relative(a)} is done: ${s.passed}/${s.passed + s.failed + s.errored} passed · ${usd(s.costUsd)}`,
        'Open Results',
      );
      if (choice && views) await views.openRun(done);
    } finally {
      setActive(run, false);
    }
  }

  /**
   * Results reach the editor (results store) and the views (onDidUpdateRun) a few times a second
   * while a run streams in, and once more, complete, at the end.
   */
  function liveUpdates(file: string, root: string, publishesResults: boolean, caseIds: readonly string[] | undefined) {
    let record: RunRecord | undefined;
    let recordFile: string | undefined;
    // A run of some cases updates them inside the editor's latest picture, not replacing it.
    const base = results.latest(file);
    const publish = throttle(
      () => {
        if (!record) return;
        const update = { record, file: recordFile, root, done: false, working: publishesResults };
        if (publishesResults) results.set(file, pictureWith(base, update, caseIds));
        updates.fire(update);
      },
      UPDATE_INTERVAL_MS,
      { costFactor: LIVE_COST_FACTOR },
    );
    return {
      record: () => record,
      // The core fills in this one record object as results arrive.
      started(r: RunRecord, recordPath: string | undefined) {
        record = r;
        recordFile = recordPath;
        publish();
      },
      changed: () => publish(),
      finished(final: RunRecord): FinishedRun {
        publish.cancel();
        const done: FinishedRun = { record: final, file: recordFile, root };
        if (publishesResults) results.set(file, pictureWith(base, done, caseIds));
        updates.fire({ ...done, done: true, working: publishesResults });
        return done;
      },
      abandon: () => publish.cancel(),
    };
  }

  function refuse(message: string, showProblems: boolean) {
    log.warn(message);
    const actions = showProblems ? ['Show Problems'] : [];
    void vscode.window.showErrorMessage(`Prompt Workbench: ${message}`, ...actions).then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  }

  async function run(request: RunRequest): Promise<FinishedRun | undefined> {
    if (!ensureTrusted()) return undefined;
    const title = `Prompt Workbench: ${path.basename(request.uri.fsPath)}${request.label ? ` @ ${request.label}` : ''}`;
    const finished = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return execute(request, { signal: controller.signal, progress });
    });
    if (!finished) return undefined;
    tellOutcome(finished);
    if ((request.reveal ?? true) && views) await views.openRun(finished).then(undefined, (error: unknown) => log.error('opening the results view failed', error));
    return finished;
  }

  async function runAll(files: readonly string[]): Promise<FinishedRun[]> {
    if (!ensureTrusted()) return [];
    const done: FinishedRun[] = [];
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Prompt Workbench: running ${plural(files.length, 'prompt')}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        for (const [i, file] of files.entries()) {
          if (controller.signal.aborted) break;
          progress.report({ message: `${i + 1}/${files.length}: ${path.basename(file)}` });
          const finished = await execute({ uri: vscode.Uri.file(file), reveal: false }, { signal: controller.signal }).catch((error: unknown) => {
            log.error(`running ${file} failed`, error);
            return undefined;
          });
          if (finished) done.push(finished);
        }
      },
    );
    const passed = done.reduce((s, r) => s + r.record.summary.passed, 0);
    const decided = done.reduce((s, r) => s + r.record.summary.passed + r.record.summary.failed + r.record.summary.errored, 0);
    const cost = done.reduce((s, r) => s + r.record.summary.costUsd, 0);
    const skipped = files.length - done.length;
    void vscode.window.showInformationMessage(
      `Prompt Workbench: ran ${plural(done.length, 'prompt')}: ${passed}/${decided} passed · ${usd(cost)}${skipped ? ` · ${skipped} not run (see Problems and the log)` : ''}`,
    );
    return done;
  }

  /** Errors and cancellations get a message; a normal finish speaks through the editor itself. */
  function tellOutcome(finished: FinishedRun) {
    const { record } = finished;
    const label = record.prompt.path;
    if (record.status === 'pending') {
      void vscode.window.showInformationMessage(`Prompt Workbench: the batch run of ${label} is still pending at the provider; its results are collected when this workspace is opened again.`);
      return;
    }
    const kept = record.results.filter((r) => r.status !== 'cancelled').length;
    if (record.status === 'cancelled') {
      void vscode.window.showInformationMessage(`Prompt Workbench: cancelled ${label}; kept ${plural(kept, 'finished result')} in the run record.`);
      return;
    }
    if (record.status === 'failed') {
      void vscode.window.showErrorMessage(`Prompt Workbench: ${label} failed: ${record.error ?? 'unknown error'}`, 'Show Log').then((c) => c && log.show());
      return;
    }
    const errored = record.results.filter((r) => r.status === 'errored');
    if (!errored.length) return;
    const auth = errored.some((r) => r.error?.kind === 'auth');
    const refusedHost = errored.some((r) => r.error?.kind === 'config' && r.error.message.includes('promptWorkbench.allowHosts'));
    const actions = [...(auth ? ['Set API Key…'] : []), ...(refusedHost ? ['Open User Settings'] : []), 'Show Log'];
    void vscode.window.showWarningMessage(`Prompt Workbench: ${plural(errored.length, 'result')} of ${label} errored: ${errored[0].error?.message ?? 'unknown error'}`, ...actions).then((choice) => {
      if (choice === 'Set API Key…') void vscode.commands.executeCommand('promptWorkbench.setApiKey');
      if (choice === 'Open User Settings') void vscode.commands.executeCommand('workbench.action.openGlobalSettings', { query: 'promptWorkbench.allowHosts' });
      if (choice === 'Show Log') log.show();
    });
  }

  return {
    run,
    execute,
    runAll,
    onDidUpdateRun: updates.event,
    async latestRun(uri) {
      const file = uri.fsPath;
      const inMemory = results.latest(file);
      if (inMemory) return inMemory;
      const a = await analysis.analyze(file);
      return results.loadFromDisk(file, a.session);
    },
    async providersForFile(file) {
      return providersFor(await analysis.analyze(file));
    },
    recordChanged(run) {
      if (!run.root) return;
      const file = path.resolve(run.root, run.record.prompt.path);
      const latest = results.latest(file);
      if (latest?.record.id === run.record.id) results.set(file, { ...latest, record: run.record });
    },
    cancelAll() {
      if (active.size) log.info(`cancelling ${plural(active.size, 'run')}`);
      for (const r of active) r.controller.abort();
    },
    activeRuns: () => [...active].map((r) => ({ ...r.view })),
    onDidChangeActive: activeChanged.event,
    setViews(v) {
      views = v;
    },
    async catalogModels(uri) {
      return catalog.forSession((await analysis.analyze(uri.fsPath)).session);
    },
    resumePendingBatches,
    async priceNotes(uri, models) {
      const [core, a] = await Promise.all([loadCore(), analysis.analyze(uri.fsPath)]);
      const providers = await providersFor(a);
      const pricing = core.pricingWith(a.session.config.pricing);
      const notes: Record<string, string> = {};
      for (const model of models) {
        const note = (await providers.describe(model)).route.provider === 'github' ? core.githubPriceNote(model, pricing) : undefined;
        if (note) notes[model] = note;
      }
      return notes;
    },
    dispose() {
      for (const r of active) r.controller.abort();
      updates.dispose();
      activeChanged.dispose();
    },
  };
}

/**
 * The progress notification, told once a second: each report is a message to the workbench, which
 * lays the notification out again (~4 ms each on a busy 2-core machine), and a run of 10,000 fast
 * cases reported every result.
 */
function thinnedProgress(progress: ExecuteHooks['progress']) {
  let increment = 0;
  let message = '';
  const send = throttle(() => {
    progress?.report({ increment, message });
    increment = 0;
  }, PROGRESS_INTERVAL_MS);
  return {
    report(more: number, text: string) {
      increment += more;
      message = text;
      if (progress) send();
    },
    cancel: () => send.cancel(),
  };
}

/** A run's own controller, aborted by the caller's signal too (progress Cancel, Test Explorer stop). */
function linkedController(signal: AbortSignal | undefined) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (signal?.aborted) controller.abort();
  signal?.addEventListener('abort', abort, { once: true });
  return { controller, dispose: () => signal?.removeEventListener('abort', abort) };
}

function relative(a: PromptAnalysis): string {
  return path.relative(a.session.root, a.file) || path.basename(a.file);
}

/** "batch 40/100 answered · 3 min" over every batch of the run. */
function batchProgressText(poll: BatchPoll): string {
  const total = poll.jobs.reduce((s, j) => s + (j.counts?.total || j.requests), 0);
  const answered = poll.jobs.reduce((s, j) => s + (j.counts ? j.counts.completed + j.counts.failed : 0), 0);
  const minutes = Math.round(poll.elapsedMs / 60_000);
  const states = [...new Set(poll.jobs.map((j) => j.status))].join(', ');
  return `batch ${states}: ${answered}/${total} answered · ${minutes < 1 ? 'under a minute' : `${minutes} min`}`;
}

function progressMessage(p: { completed: number; total: number; passed: number; failed: number; errored: number; costUsd: number }): string {
  const parts = [`${p.completed}/${p.total}`, `${p.passed} ✓`];
  if (p.failed) parts.push(`${p.failed} ✗`);
  if (p.errored) parts.push(`${p.errored} errored`);
  parts.push(usd(p.costUsd));
  return parts.join(' · ');
}
