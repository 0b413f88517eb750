import path from 'node:path';
import * as vscode from 'vscode';
import type { Analysis, PromptAnalysis } from '../analysis/analysis.js';
import { lastRunSummary, promptLenses, rowLenses, type LensSpec, type RowLensInput } from './codeLensModel.js';
import { covers, lineWindows, rowsIn, type LineWindow } from './lineWindows.js';
import { lensPacing } from './lensPacing.js';
import { isPromptFile, samePath, samePathAs } from '../workspace/location.js';
import type { ResultsStore } from '../run/results.js';

// CodeLens on prompt files (run, estimate, compare, last run) and "▶ Run case" above the dataset
// rows near what the editor shows (lineWindows.ts says why; scrolling past them asks for new ones).
// Lenses come from the cached analysis; the estimate is computed after the typing pause and the
// lenses refresh when it lands, so typing never waits for the tokenizer.

export const DATASET_SELECTOR_GLOB = '**/*.{jsonl,ndjson,csv,tsv,json,yml,yaml}';

/** Lines above and below the visible ones whose rows get lenses. */
const ROW_LENS_MARGIN = 150;
const SCROLL_REFRESH_MS = 100;
/**
 * The longest a lens request waits for the check of the file's text. VS Code waits before asking
 * again about as long as its recent requests took (the average of the last six, 250 ms at least):
 * one request that waited seconds for the first check of a big file held every lens after it by
 * seconds. Past this, the request is answered from the last check and the lenses follow the new one.
 */
const LENS_WAIT_MS = 150;
/** After a late request, the next ask waits until VS Code has taken in the answer, so it spaces the next request by the new average. */
const REASK_AFTER_MS = 100;

export function registerCodeLens(analysis: Analysis, results: ResultsStore): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const pacing = lensPacing();
  const refresh = () => {
    pacing.triggered();
    changed.fire();
  };
  /** The windows each file's row lenses were last given for, by URI. */
  const given = new Map<string, LineWindow[]>();
  /**
   * What the lenses last given showed of each prompt's analysis (lensState). While you type, VS
   * Code asks for the lenses itself, and the request waits for the check; the check's own change
   * event would only make it ask again for the same lenses (and lay them out again).
   */
  const shownState = new Map<string, string>();
  /**
   * Files edited since VS Code last asked for their lenses: it asks by itself after an edit, once
   * its debounce (250 ms or more) has passed. A change event fired meanwhile restarts that wait,
   * which put a pasted row's lens ~0.5 s after the paste instead of ~0.25 s.
   */
  const editedSinceAsked = new Set<string>();
  /** Files where lines were added or removed since lenses were last given from a check of their latest text: the last check's rows would be misplaced. */
  const linesMoved = new Set<string>();
  /**
   * Lens requests being answered, by file, and the files whose analysis changed meanwhile. A check
   * lands while the request waiting for it is still open: the request answers with it, and a change
   * event then would only make VS Code ask again 250 ms later – and drop the first answer if it had
   * not laid it out by then.
   */
  const answering = new Map<string, number>();
  const changedWhileAnswering = new Set<string>();
  const analysed = (a: PromptAnalysis) => {
    if (answering.get(a.file)) return void changedWhileAnswering.add(a.file);
    const shown = shownState.get(a.file);
    if (editedSinceAsked.has(a.file) && !a.dataFiles.some((f) => f !== a.file && isShown(f))) return;
    if (shown === undefined || shown !== lensState(a)) return refresh();
    // The same lenses, still showing the estimate of the text before: a lens request is what asks
    // for the estimate of the new text, and none is coming.
    analysis.wantEstimate(a.file);
  };
  let scrollTimer: ReturnType<typeof setTimeout> | undefined;
  let reaskTimer: ReturnType<typeof setTimeout> | undefined;

  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    async provideCodeLenses(doc, token) {
      const file = doc.uri.fsPath;
      editedSinceAsked.delete(file);
      const late = pacing.asked(file);
      const windows = lineWindows(shownLines(doc.uri), ROW_LENS_MARGIN);
      given.set(doc.uri.toString(), windows);
      answering.set(file, (answering.get(file) ?? 0) + 1);
      try {
        const specs = isPromptFile(file) ? await promptFileLenses(file, windows) : await datasetLenses(file, windows);
        if (!token.isCancellationRequested) {
          if (late) askAgainSoon();
          return specs.map(toCodeLens);
        }
        // Nothing shown from it; VS Code is asking again already.
        shownState.delete(file);
        changedWhileAnswering.delete(file);
        return [];
      } finally {
        answered(file);
      }
    },
  };

  /** The last open request of the file answered: a change of its analysis meanwhile that it did not show asks again. */
  const answered = (file: string) => {
    const left = (answering.get(file) ?? 1) - 1;
    if (left > 0) return void answering.set(file, left);
    answering.delete(file);
    const current = changedWhileAnswering.delete(file) ? analysis.peek(file) : undefined;
    if (current) analysed(current);
  };

  const askAgainSoon = () => {
    clearTimeout(reaskTimer);
    reaskTimer = setTimeout(refresh, REASK_AFTER_MS);
  };

  /**
   * Scrolled past the rows that have lenses: ask VS Code for the lenses again – unless the file was
   * edited since it last asked. It asks by itself then, with the lines shown by then, and a change
   * event would restart its wait: a paste at the end of a file (which scrolls) got its lens 0.1 s later.
   */
  const scrolled = (event: vscode.TextEditorVisibleRangesChangeEvent) => {
    const doc = event.textEditor.document;
    const windows = given.get(doc.uri.toString());
    if (!windows || event.visibleRanges.every((r) => covers(windows, { from: r.start.line, to: r.end.line }, ROW_LENS_MARGIN / 2))) return;
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => {
      if (!editedSinceAsked.has(doc.uri.fsPath)) refresh();
    }, SCROLL_REFRESH_MS);
  };

  /** The file's check after the typing pause, or – when that takes longer than LENS_WAIT_MS – the last one while its rows are still where they were; undefined when there is none. */
  async function analysisForLenses(file: string): Promise<PromptAnalysis | undefined> {
    const pending = analysis.analyzeWhenQuiet(file);
    const last = analysis.peek(file);
    if (last && linesMoved.has(file)) return settled(file, await pending);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), LENS_WAIT_MS)));
    const a = await Promise.race([pending, late]);
    clearTimeout(timer);
    if (a) return settled(file, a);
    // Answered from the last check (or with none): the lenses of the new one are owed.
    void pending.then(
      (current) => {
        if (!editedSinceAsked.has(file) && shownState.get(file) !== lensState(current)) refresh();
      },
      () => undefined,
    );
    return last;
  }

  /** A check of the latest text, unless it was edited meanwhile (that edit set editedSinceAsked again). */
  const settled = (file: string, a: PromptAnalysis) => {
    if (!editedSinceAsked.has(file)) linesMoved.delete(file);
    return a;
  };

  async function promptFileLenses(file: string, windows: LineWindow[]): Promise<LensSpec[]> {
    const a = await analysisForLenses(file);
    if (!a) {
      shownState.delete(file);
      return [];
    }
    analysis.wantEstimate(file);
    shownState.set(file, lensState(a));
    const run = results.latest(file);
    const prompt = promptLenses({
      file,
      line: a.prepared.parsed.yaml.rangeOf([]).start.line,
      caseCount: a.prepared.cases.length,
      models: a.models,
      repeat: a.repeat,
      errors: a.blocking.length,
      trusted: vscode.workspace.isTrusted,
      estimate: a.estimate,
      lastRun: run ? lastRunSummary(run.record) : undefined,
      batch: a.estimate.kind === 'ready' && a.estimate.estimate.models.every((m) => m.batchCostUsd !== null),
      noTestData: a.prepared.diagnostics.some((d) => d.code === 'prompt/no-test-data'),
    });
    return a.blocking.length ? prompt : [...prompt, ...rowLenses(rowsIn(rowsOf(a, file), windows), vscode.workspace.isTrusted)];
  }

  async function datasetLenses(file: string, windows: LineWindow[]): Promise<LensSpec[]> {
    // A dataset only shows lenses once some prompt is known to use it; finding that out means
    // looking at the workspace's prompt files, done once and only when a data file is opened.
    if (!analysis.promptsUsing(file).length && !analysis.discovered) await analysis.discover();
    const prompts = analysis.promptsUsing(file).flatMap((p) => analysis.peek(p) ?? []);
    // A prompt's rows shown here: a change to them must ask again even if its own file shows the same.
    for (const a of prompts) shownState.delete(a.file);
    const rows = prompts.flatMap((a) => rowsOf(a, file, prompts.length > 1 ? promptLabel(a) : undefined));
    return rowLenses(rowsIn(rows, windows), vscode.workspace.isTrusted);
  }

  function rowsOf(a: PromptAnalysis, file: string, label?: string): RowLensInput[] {
    const inFile = samePathAs(file);
    return a.prepared.cases.filter((c) => inFile(c.source.file)).map((c) => ({ file: a.file, caseId: c.id, line: c.source.range.start.line, promptLabel: label }));
  }

  return vscode.Disposable.from(
    changed,
    vscode.languages.registerCodeLensProvider(
      [
        { scheme: 'file', pattern: '**/*.prompt.{yml,yaml}' },
        { scheme: 'file', pattern: DATASET_SELECTOR_GLOB },
      ],
      provider,
    ),
    analysis.onDidChange(analysed),
    analysis.onDidRemove((file) => shownState.delete(file)),
    results.onDidChange(refresh),
    vscode.workspace.onDidGrantWorkspaceTrust(refresh),
    vscode.window.onDidChangeTextEditorVisibleRanges(scrolled),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!e.contentChanges.length || !given.has(e.document.uri.toString())) return;
      editedSinceAsked.add(e.document.uri.fsPath);
      pacing.triggered(e.document.uri.fsPath);
      if (e.contentChanges.some((c) => c.range.start.line !== c.range.end.line || c.text.includes('\n'))) linesMoved.add(e.document.uri.fsPath);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      given.delete(doc.uri.toString());
      editedSinceAsked.delete(doc.uri.fsPath);
      linesMoved.delete(doc.uri.fsPath);
      pacing.forget(doc.uri.fsPath);
    }),
    new vscode.Disposable(() => {
      clearTimeout(scrollTimer);
      clearTimeout(reaskTimer);
    }),
  );
}

/** What the lenses show of an analysis, as text: the prompt's lenses and its rows' (see promptFileLenses). */
function lensState(a: PromptAnalysis): string {
  const noTestData = a.prepared.diagnostics.some((d) => d.code === 'prompt/no-test-data');
  return JSON.stringify([a.prepared.parsed.yaml.rangeOf([]).start.line, a.models, a.repeat, a.blocking.length, a.estimate, noTestData, rowsState(a.prepared.cases)]);
}

/** The rows' part, made once per check: it is asked for twice per check and again when the estimate lands (~4 ms for 5,000 rows). */
const rowStates = new WeakMap<PromptAnalysis['prepared']['cases'], string>();
function rowsState(cases: PromptAnalysis['prepared']['cases']): string {
  let state = rowStates.get(cases);
  if (state === undefined) {
    state = JSON.stringify(cases.map((c) => `${c.source.file}:${c.source.range.start.line}:${c.id}`));
    rowStates.set(cases, state);
  }
  return state;
}

function isShown(file: string): boolean {
  return vscode.window.visibleTextEditors.some((editor) => samePath(editor.document.uri.fsPath, file));
}

/** The lines editors show of a document (several editors can show one). */
function shownLines(uri: vscode.Uri): LineWindow[] {
  const key = uri.toString();
  return vscode.window.visibleTextEditors.filter((editor) => editor.document.uri.toString() === key).flatMap((editor) => editor.visibleRanges.map((r) => ({ from: r.start.line, to: r.end.line })));
}

function promptLabel(a: PromptAnalysis): string {
  return a.prepared.parsed.prompt?.name ?? path.basename(a.file).replace(/\.prompt\.ya?ml$/i, '');
}

function toCodeLens(spec: LensSpec): vscode.CodeLens {
  const args = spec.target ? [vscode.Uri.file(spec.target.file), ...(spec.target.caseId === undefined ? [] : [spec.target.caseId])] : [];
  return new vscode.CodeLens(new vscode.Range(spec.line, 0, spec.line, 0), { title: spec.title, command: spec.command, arguments: args, tooltip: spec.tooltip });
}
