import path from 'node:path';
import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { PreparedPrompt, PrepareOptions } from '../../core/prepare.js';
import { loadCore, type Core } from '../core.js';
import { createAnalysisWorker, type AnalysisWorker } from './workerClient.js';
import type { CountRequest, RemoteCheck } from './workerProtocol.js';
import { remoteYaml } from './remoteYaml.js';
import { lmCounters } from '../models/lmProvider.js';
import { errorMessage, type Log } from '../log.js';
import type { EstimateState } from '../editor/codeLensModel.js';
import { keyedDebouncer } from './debounce.js';
import { isPromptFile, PROMPT_GLOB, SKIP_GLOB } from '../workspace/location.js';
import { runModels } from '../models/models.js';
import { openDocument, readForCore, unsavedTexts } from '../workspace/documents.js';
import type { PromptContext, WorkspaceSessions } from '../workspace/sessions.js';
import type { WorkspaceSession } from '../../core/workspace/session.js';
import type { TokenHistory } from '../../core/record/read.js';

// Every prompt file the editor knows about, prepared by the core (parsed, cases loaded, checked)
// from unsaved editor text, kept current as files are typed in, saved, created and deleted. Editor
// features read from here; nothing here runs at activation – a file is analysed when it is opened,
// shown, run, or when the Testing view asks for the workspace's prompts.

const DATASET_GLOB = '**/*.{jsonl,ndjson,csv,tsv,json,yml,yaml}';
/**
 * Quiet time after the last keystroke before a file is re-checked: the check runs in the worker
 * (a 5,000-row file in ~0.1 s), so the Problems and lenses follow within ~0.3 s of the last key.
 */
const TYPING_DELAY_MS = 120;
/** Estimates tokenize every case; they wait a little longer than the checks. */
const ESTIMATE_DELAY_MS = 500;

export interface PromptAnalysis {
  file: string;
  /** Where it runs: config, records and cache folders, paths. */
  session: WorkspaceSession;
  context: PromptContext;
  prepared: PreparedPrompt;
  /** The models a run covers (the prompt's, or its model plus the default models). */
  models: string[];
  repeat: number;
  /** Errors that stop it from running; empty when it can run. */
  blocking: Diagnostic[];
  /** Files holding its cases and the datasets it names (even missing ones), absolute. */
  dataFiles: string[];
  textHash: string;
  estimate: EstimateState;
}

export interface Analysis extends vscode.Disposable {
  /** The current analysis, computing it if the file changed since. */
  analyze(file: string): Promise<PromptAnalysis>;
  /** Like analyze, but first applies edits still waiting for the typing pause (before a run). */
  analyzeNow(file: string): Promise<PromptAnalysis>;
  /**
   * Like analyze, but while the file is being typed in, after the typing pause: what editors ask
   * for after every change (CodeLens) must not start a check of each keystroke's text.
   */
  analyzeWhenQuiet(file: string): Promise<PromptAnalysis>;
  /** A one-off analysis of other text for the same file (a git revision); not cached. */
  analyzeText(file: string, text: string): Promise<PromptAnalysis>;
  peek(file: string): PromptAnalysis | undefined;
  known(): PromptAnalysis[];
  /** Prompt files whose cases live in `file` (a prompt file is its own user). */
  promptsUsing(file: string): string[];
  /** Finds and analyses every prompt file in the workspace, once. */
  discover(): Promise<void>;
  readonly discovered: boolean;
  /** Computes the token/cost estimate of the file's current analysis when it is not done yet. */
  wantEstimate(file: string): void;
  /** Past runs changed: the output-token basis of the estimate may have too. */
  refreshEstimate(file: string): void;
  /** Tokens of messages for a model, counted in the worker (workerProtocol.ts, CountRequest); undefined when it cannot. */
  countInWorker(request: Omit<CountRequest, 'type' | 'id'>): ReturnType<AnalysisWorker['count']>;
  readonly onDidChange: vscode.Event<PromptAnalysis>;
  readonly onDidRemove: vscode.Event<string>;
}

interface Entry {
  current?: PromptAnalysis;
  dirty: boolean;
  running?: Promise<PromptAnalysis>;
  estimatedFor?: PromptAnalysis;
}

export function createAnalysis(sessions: WorkspaceSessions, log: Log): Analysis {
  const entries = new Map<string, Entry>();
  const worker = createAnalysisWorker();
  /** Analyses the worker answered provisionally, by its request id (see compute). */
  const provisionalChecks = new WeakMap<PromptAnalysis, number>();
  const usersOf = new Map<string, Set<string>>();
  const history = new Map<string, Promise<TokenHistory>>();
  const changed = new vscode.EventEmitter<PromptAnalysis>();
  const removed = new vscode.EventEmitter<string>();
  let discovery: Promise<void> | undefined;
  let discovered = false;

  const entry = (file: string): Entry => {
    let e = entries.get(file);
    if (!e) {
      e = { dirty: true };
      entries.set(file, e);
    }
    return e;
  };

  /** Callers of analyzeWhenQuiet waiting for a file's typing pause. */
  const quiet = new Map<string, (() => void)[]>();
  const releaseQuiet = (file: string) => {
    for (const resolve of quiet.get(file) ?? []) resolve();
    quiet.delete(file);
  };
  const typing = keyedDebouncer<string>(TYPING_DELAY_MS, (file) => {
    releaseQuiet(file);
    void analyze(file).catch((error) => log.error(`checking ${file} failed`, error));
  });
  const estimating = keyedDebouncer<string>(ESTIMATE_DELAY_MS, (file) => void estimate(file));

  const invalidate = (file: string, delay = TYPING_DELAY_MS) => {
    const e = entries.get(file);
    if (!e) return;
    e.dirty = true;
    typing.schedule(file, delay);
  };

  /**
   * The file's analysis, from `text` or the editor's. `provisional`: the editor's own check as you
   * type, which the worker may answer at once from a row alone when it has YAML mistakes; the
   * whole-file parse's result then follows (onExact below), and the analysis is noted in
   * `provisionalChecks` under the worker's request id.
   */
  async function compute(file: string, text?: string, previous?: PromptAnalysis, provisional = false): Promise<PromptAnalysis> {
    const core = await loadCore();
    const context = await sessions.forFile(file);
    const options = core.prepareOptions(context.session, readForCore);
    const offHost = await prepareOffHost(core, file, text, options, provisional);
    const prepared = offHost?.prepared ?? (text === undefined ? await core.preparePrompt(file, options) : await core.preparePromptText(text, file, options));
    const analysis = analysisOf(core, file, context, prepared, previous, offHost?.textHash);
    if (offHost?.provisionalId !== undefined) provisionalChecks.set(analysis, offHost.provisionalId);
    return analysis;
  }

  /** `textHash`: the worker's hash of the text, when it prepared it. */
  function analysisOf(core: Core, file: string, context: PromptContext, prepared: PreparedPrompt, previous?: PromptAnalysis, textHash?: string): PromptAnalysis {
    const prompt = prepared.parsed.prompt;
    const dataFiles = [...new Set([...prepared.cases.map((c) => c.source.file), ...(prompt?.datasets ?? []).map((d) => path.resolve(path.dirname(file), d))])];
    const models = prompt ? runModels(prompt, context.settings.defaultModels) : [];
    const blocking = core.blockingErrors(prepared, models);
    // "No model" depends on the settings, not on the file alone: shown with the file's own problems.
    const noModel = blocking.find((d) => d.code === 'prompt/no-model');
    if (noModel) prepared.diagnostics.push(noModel);
    return {
      file,
      session: context.session,
      context,
      prepared,
      models,
      repeat: prompt?.repeat ?? 1,
      blocking,
      dataFiles,
      textHash: textHash ?? core.sha256(prepared.parsed.text),
      // Until the new estimate is in, the lens keeps showing the last one instead of flickering.
      estimate: blocking.length ? { kind: 'off' } : previous?.estimate.kind === 'ready' ? previous.estimate : { kind: 'pending' },
    };
  }

  /** In the worker, with the editor's unsaved text; undefined when the worker cannot (the host then prepares it). */
  async function prepareOffHost(core: Core, file: string, text: string | undefined, options: PrepareOptions, provisional: boolean) {
    const { readFile: _read, ...plain } = options;
    const sent = text ?? openDocument(file)?.getText();
    const response = await worker.prepare({ file, text: sent, unsaved: unsavedTexts(file), options: plain, provisional });
    if (!response) return undefined;
    return { prepared: preparedFrom(core, response, sent), provisionalId: response.provisional ? response.id : undefined, textHash: response.textHash };
  }

  /** `sent`: the text the request carried, which the worker leaves out of its answer when it is the one it parsed. */
  function preparedFrom(core: Core, response: RemoteCheck, sent: string | undefined): PreparedPrompt {
    const { parsed, ...rest } = response.prepared;
    const text = parsed.text ?? sent;
    if (text === undefined) throw new Error('the analysis worker answered without the text it parsed');
    return { ...rest, parsed: { ...parsed, text, yaml: remoteYaml(core, text, response.landmarks) } };
  }

  /** The whole-file parse's result after a provisional one: it replaces it while the text is still the one checked. */
  worker.onExact((notice) => {
    void (async () => {
      const { file } = notice;
      const e = entries.get(file);
      const shown = e?.current;
      if (!e || !shown || provisionalChecks.get(shown) !== notice.id) return;
      const core = await loadCore();
      // The provisional answer shown was of the same request, so of the same text.
      const analysis = analysisOf(core, file, shown.context, preparedFrom(core, notice, shown.prepared.parsed.text), shown, notice.textHash);
      // Edited meanwhile, or checked again: that check's result is newer.
      if (entries.get(file) !== e || e.current !== shown || e.dirty || e.running) return;
      e.current = analysis;
      index(analysis, shown);
      changed.fire(analysis);
    })().catch((error) => log.error('applying a check failed', error));
  });

  /** The estimate of the analysed text, counted in the worker; undefined when the worker cannot. */
  async function estimateOffHost(core: Core, analysis: PromptAnalysis, past: TokenHistory) {
    const { readFile: _read, ...options } = core.prepareOptions(analysis.session, readForCore);
    return worker.estimate({
      file: analysis.file,
      text: analysis.prepared.parsed.text,
      unsaved: unsavedTexts(analysis.file),
      options,
      session: analysis.session,
      models: analysis.models,
      outputHistory: [...past.outputs],
      judgeOutputHistory: [...past.judges],
    });
  }

  function index(analysis: PromptAnalysis, before?: PromptAnalysis) {
    for (const data of before?.dataFiles ?? []) usersOf.get(data)?.delete(analysis.file);
    for (const data of analysis.dataFiles) {
      if (data === analysis.file) continue;
      usersOf.set(data, new Set([...(usersOf.get(data) ?? []), analysis.file]));
    }
  }

  async function analyze(file: string): Promise<PromptAnalysis> {
    const e = entry(file);
    if (e.current && !e.dirty) return e.current;
    if (e.running) return e.running;
    e.dirty = false;
    const before = e.current;
    e.running = compute(file, undefined, before, true).finally(() => (e.running = undefined));
    const analysis = await e.running;
    if (entries.get(file) !== e) return analysis; // removed meanwhile
    e.current = analysis;
    index(analysis, before);
    changed.fire(analysis);
    // Edited while it ran: once the typing pause has passed (its check found this one running and
    // joined it), the newer text is checked now – a second pause would only add to the wait.
    if (e.dirty && !typing.pending(file)) void analyze(file).catch((error) => log.error(`checking ${file} failed`, error));
    return analysis;
  }

  /** Mean output tokens of the prompt's past answers and of its judges' replies, read once per file. */
  async function tokenHistory(analysis: PromptAnalysis): Promise<TokenHistory> {
    let pending = history.get(analysis.file);
    if (!pending) {
      pending = (async () => {
        const core = await loadCore();
        return core.tokenHistoryOf(analysis.session, analysis.file);
      })().catch(() => ({ outputs: new Map<string, number>(), judges: new Map<string, number>() }));
      history.set(analysis.file, pending);
    }
    return pending;
  }

  async function estimate(file: string): Promise<void> {
    const e = entries.get(file);
    const analysis = e?.current;
    const prompt = analysis?.prepared.parsed.prompt;
    if (!e || !analysis || !prompt || analysis.blocking.length || e.estimatedFor === analysis) return;
    e.estimatedFor = analysis;
    try {
      const core = await loadCore();
      const past = await tokenHistory(analysis);
      const counters = await lmCounters(await core.estimatedModels(analysis.session, analysis.prepared, analysis.models));
      const basis = { models: analysis.models, outputHistory: past.outputs, judgeOutputHistory: past.judges };
      // In the worker when no model counts its own tokens (VS Code's language models live on the host).
      const offHost = Object.keys(counters).length ? undefined : await estimateOffHost(core, analysis, past);
      if (offHost?.stopped) {
        // Stopped in the worker by a check of other text (newer, or a git revision's): asked again while this analysis is the file's.
        if (e.current === analysis) {
          e.estimatedFor = undefined;
          wantEstimate(file);
        }
        return;
      }
      const result = offHost ? offHost.estimate : await core.estimatePrepared(analysis.session, analysis.prepared, { ...basis, counters });
      if (!result) return;
      analysis.estimate = { kind: 'ready', estimate: result };
    } catch (error) {
      analysis.estimate = { kind: 'failed', message: errorMessage(error) };
      log.error(`estimating ${file} failed`, error);
    }
    if (e.current === analysis) changed.fire(analysis);
  }

  function wantEstimate(file: string): void {
    const e = entries.get(file);
    if (!e?.current || e.estimatedFor === e.current || e.current.blocking.length) return;
    const doc = openDocument(file);
    // With estimateOnType off, unsaved edits wait for the save.
    if (doc?.isDirty && !e.current.context.settings.estimateOnType && e.current.estimate.kind === 'ready') return;
    estimating.schedule(file, e.current.estimate.kind === 'pending' ? 0 : ESTIMATE_DELAY_MS);
  }

  function remove(file: string) {
    const e = entries.get(file);
    if (!e) return;
    entries.delete(file);
    typing.cancel(file);
    releaseQuiet(file);
    for (const data of e.current?.dataFiles ?? []) usersOf.get(data)?.delete(file);
    removed.fire(file);
  }

  const promptsUsing = (file: string): string[] => (isPromptFile(file) ? [file] : [...(usersOf.get(path.resolve(file)) ?? [])]);

  const onTextChanged = (doc: vscode.TextDocument) => {
    if (doc.uri.scheme !== 'file') return;
    for (const prompt of promptsUsing(doc.uri.fsPath)) invalidate(prompt);
  };

  const promptWatcher = vscode.workspace.createFileSystemWatcher(PROMPT_GLOB);
  const dataWatcher = vscode.workspace.createFileSystemWatcher(DATASET_GLOB);
  const onDiskChange = (uri: vscode.Uri) => {
    // Open documents report their own edits; the disk only matters for closed ones.
    if (openDocument(uri.fsPath)) return;
    for (const prompt of promptsUsing(uri.fsPath)) invalidate(prompt, 50);
  };

  async function discover(): Promise<void> {
    discovery ??= (async () => {
      const files = await vscode.workspace.findFiles(PROMPT_GLOB, SKIP_GLOB);
      const queue = files.map((uri) => uri.fsPath);
      // A few at a time: each reads its datasets from disk.
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let file = queue.shift(); file; file = queue.shift()) await analyze(file).catch((error) => log.error(`checking ${file} failed`, error));
        }),
      );
      discovered = true;
      log.info(`found ${files.length} prompt file(s) in the workspace`);
    })();
    return discovery;
  }

  const subscriptions = vscode.Disposable.from(
    worker,
    changed,
    removed,
    promptWatcher,
    dataWatcher,
    {
      dispose: () => {
        typing.dispose();
        for (const file of [...quiet.keys()]) releaseQuiet(file);
      },
    },
    { dispose: () => estimating.dispose() },
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length) onTextChanged(e.document);
    }),
    // Closing an unsaved document makes the disk text current again.
    vscode.workspace.onDidCloseTextDocument((doc) => doc.isDirty && onTextChanged(doc)),
    promptWatcher.onDidChange(onDiskChange),
    promptWatcher.onDidCreate((uri) => {
      if (discovered || entries.has(uri.fsPath)) void analyze(uri.fsPath).catch((error) => log.error(`checking ${uri.fsPath} failed`, error));
    }),
    promptWatcher.onDidDelete((uri) => remove(uri.fsPath)),
    dataWatcher.onDidChange(onDiskChange),
    dataWatcher.onDidCreate(onDiskChange),
    dataWatcher.onDidDelete(onDiskChange),
    sessions.onDidChange(() => {
      for (const file of entries.keys()) invalidate(file, 50);
    }),
  );

  return {
    analyze,
    analyzeNow(file) {
      if (typing.pending(file)) {
        typing.cancel(file);
        releaseQuiet(file);
        entry(file).dirty = true;
      }
      return analyze(file);
    },
    async analyzeWhenQuiet(file) {
      if (typing.pending(file)) await new Promise<void>((resolve) => quiet.set(file, [...(quiet.get(file) ?? []), resolve]));
      let a = await analyze(file);
      // A check already running at the pause was of the text before the last edits; the check of
      // the latest text follows it at once (analyze). Wait for that one too, unless typing began
      // again. Each turn waits for a check not waited for before, so this ends.
      const waited = new Set<Promise<PromptAnalysis>>();
      for (let e = entries.get(file); e && !typing.pending(file); e = entries.get(file)) {
        if (e.dirty) a = await analyze(file);
        else if (e.running && !waited.has(e.running)) {
          waited.add(e.running);
          a = await e.running;
        } else return e.current ?? a;
      }
      return a;
    },
    analyzeText: (file, text) => compute(file, text),
    peek: (file) => entries.get(file)?.current,
    known: () => [...entries.values()].flatMap((e) => e.current ?? []),
    promptsUsing,
    discover,
    get discovered() {
      return discovered;
    },
    wantEstimate,
    refreshEstimate(file) {
      history.delete(file);
      const e = entries.get(file);
      if (!e) return;
      e.estimatedFor = undefined;
      wantEstimate(file);
    },
    countInWorker: (request) => worker.count(request),
    onDidChange: changed.event,
    onDidRemove: removed.event,
    dispose: () => subscriptions.dispose(),
  };
}
