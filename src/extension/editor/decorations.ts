import path from 'node:path';
import * as vscode from 'vscode';
import type { Analysis } from '../analysis/analysis.js';
import type { CaseOutcome, CaseState } from '../run/caseOutcome.js';
import { decorationText } from './decorationText.js';
import { isPromptFile, samePath, samePathAs } from '../workspace/location.js';
import { resultHoverMarkdown } from './resultHover.js';
import type { ResultsStore } from '../run/results.js';
import { keyedDebouncer, throttle } from '../analysis/debounce.js';
import { covers, inWindows, lineWindows, type LineWindow } from './lineWindows.js';

// ✓/✗ after each dataset row of the latest run near the screen, in prompt files and dataset files
// alike, failing rows in the overview ruler, and a hover on the row holding the outputs and the
// failing evaluators. Rows are found by case id in the current analysis, so results stay on their
// rows while the file is edited.

const COLORS: Record<CaseState, string> = {
  passed: 'testing.iconPassed',
  failed: 'testing.iconFailed',
  errored: 'testing.iconErrored',
  cancelled: 'disabledForeground',
};

const DATA_EXTENSIONS = /\.(jsonl|ndjson|csv|tsv|json|ya?ml)$/i;

/** An outcome's row text, made once: a live update of a big run keeps most cases' outcomes. */
const texts = new WeakMap<CaseOutcome, string>();
function textOf(outcome: CaseOutcome): string {
  let text = texts.get(outcome);
  if (text === undefined) texts.set(outcome, (text = decorationText(outcome)));
  return text;
}

/** Rows this many lines above and below what an editor shows get their text (lineWindows.ts says why). */
const MARK_MARGIN = 200;
const SCROLL_REFRESH_MS = 50;
const RULER_UPDATE_MS = 1000;

type RulerState = 'failed' | 'errored';
const RULER_STATES: RulerState[] = ['failed', 'errored'];

function lineRange(doc: vscode.TextDocument, line: number): vscode.Range {
  return new vscode.Range(line, 0, line, doc.lineAt(line).range.end.character);
}

export function registerDecorations(analysis: Analysis, results: ResultsStore): vscode.Disposable {
  // The text after rows near the screen; a failing row's mark in the overview ruler for every row,
  // without text: a mark of its own text is a CSS rule of its own in the workbench.
  const textTypes = Object.fromEntries(
    (Object.keys(COLORS) as CaseState[]).map((state) => [state, vscode.window.createTextEditorDecorationType({ after: { margin: '0 0 0 2em', color: new vscode.ThemeColor(COLORS[state]) } })]),
  ) as Record<CaseState, vscode.TextEditorDecorationType>;
  const rulerTypes = Object.fromEntries(
    RULER_STATES.map((state) => [state, vscode.window.createTextEditorDecorationType({ overviewRulerColor: new vscode.ThemeColor(COLORS[state]), overviewRulerLane: vscode.OverviewRulerLane.Right })]),
  ) as Record<RulerState, vscode.TextEditorDecorationType>;
  /** What each editor was last given, by decoration type: a live update of a big run changes only some rows, and often none near the screen. */
  const sent = new WeakMap<vscode.TextEditor, Map<vscode.TextEditorDecorationType, string>>();
  const send = (editor: vscode.TextEditor, type: vscode.TextEditorDecorationType, key: string, options: () => vscode.DecorationOptions[] | vscode.Range[]) => {
    const last = sent.get(editor) ?? new Map<vscode.TextEditorDecorationType, string>();
    sent.set(editor, last);
    if (last.get(type) === key) return;
    last.set(type, key);
    editor.setDecorations(type, options());
  };
  /** The windows each editor's rows were last given text for. */
  const given = new WeakMap<vscode.TextEditor, LineWindow[]>();
  /** Each editor's failing rows, sent to the ruler at most once a second: a run's 6,667 failing rows were re-sent on every update. */
  const rulerLines = new Map<vscode.TextEditor, Record<RulerState, number[]>>();
  const sendRulers = throttle(() => {
    for (const [editor, lines] of rulerLines) {
      const doc = editor.document;
      for (const state of RULER_STATES) send(editor, rulerTypes[state], lines[state].join(','), () => lines[state].filter((line) => line < doc.lineCount).map((line) => lineRange(doc, line)));
    }
    rulerLines.clear();
  }, RULER_UPDATE_MS);

  const decorate = (editor: vscode.TextEditor) => {
    const doc = editor.document;
    if (doc.uri.scheme !== 'file') return;
    const file = doc.uri.fsPath;
    if (isPromptFile(file) && !analysis.peek(file)) void analysis.analyze(file);
    if (!isPromptFile(file) && DATA_EXTENSIONS.test(file) && !analysis.discovered && !analysis.promptsUsing(file).length) void analysis.discover();
    const windows = lineWindows(
      editor.visibleRanges.map((r) => ({ from: r.start.line, to: r.end.line })),
      MARK_MARGIN,
    );
    given.set(editor, windows);
    /** `text` only for rows near the screen. */
    const marks: Record<CaseState, { line: number; text?: string }[]> = { passed: [], failed: [], errored: [], cancelled: [] };
    const prompts = analysis.promptsUsing(file);
    const inFile = samePathAs(file);
    for (const promptFile of prompts) {
      const a = analysis.peek(promptFile);
      if (!a) continue;
      const outcomes = results.outcomes(promptFile);
      if (!outcomes) {
        void results.loadFromDisk(promptFile, a.session);
        continue;
      }
      const prefix = prompts.length > 1 ? `${a.prepared.parsed.prompt?.name ?? path.basename(promptFile)}: ` : '';
      for (const c of a.prepared.cases) {
        const outcome = outcomes.get(c.id);
        const line = c.source.range.start.line;
        if (!outcome || !inFile(c.source.file) || line >= doc.lineCount) continue;
        // Ruler-only rows carry no text; passed and cancelled rows have no ruler mark.
        const near = inWindows(line, windows);
        if (near || outcome.state === 'failed' || outcome.state === 'errored') marks[outcome.state].push({ line, text: near ? prefix + textOf(outcome) : undefined });
      }
    }
    for (const state of Object.keys(textTypes) as CaseState[]) {
      const near = marks[state].filter((m): m is { line: number; text: string } => m.text !== undefined);
      send(editor, textTypes[state], near.map((m) => `${m.line}\t${doc.lineAt(m.line).text.length}\t${m.text}`).join('\n'), () =>
        near.map((m) => ({ range: lineRange(doc, m.line), renderOptions: { after: { contentText: m.text } } })),
      );
    }
    rulerLines.set(editor, { failed: marks.failed.map((m) => m.line), errored: marks.errored.map((m) => m.line) });
    sendRulers();
  };

  // Many results can land in one tick during a run: decorated once for all of them, and – as a
  // run's rows grow to tens of thousands – at most a tenth of the time.
  const refresh = throttle(
    () => {
      for (const editor of vscode.window.visibleTextEditors) decorate(editor);
    },
    50,
    { costFactor: 10 },
  );
  /** Scrolled past the rows that have text: those of the new screen get theirs. */
  const scrolled = keyedDebouncer<vscode.TextEditor>(SCROLL_REFRESH_MS, (editor) => {
    if (vscode.window.visibleTextEditors.includes(editor)) decorate(editor);
  });
  const onScroll = (event: vscode.TextEditorVisibleRangesChangeEvent) => {
    const windows = given.get(event.textEditor);
    if (!windows || event.visibleRanges.every((r) => covers(windows, { from: r.start.line, to: r.end.line }, MARK_MARGIN / 2))) return;
    scrolled.schedule(event.textEditor);
  };
  const first = setTimeout(refresh, 50);
  return vscode.Disposable.from(
    ...Object.values(textTypes),
    ...Object.values(rulerTypes),
    registerResultHover(analysis, results),
    {
      dispose: () => {
        clearTimeout(first);
        refresh.cancel();
        sendRulers.cancel();
        scrolled.dispose();
      },
    },
    vscode.window.onDidChangeVisibleTextEditors(refresh),
    vscode.window.onDidChangeTextEditorVisibleRanges(onScroll),
    // An edit moves or removes the workbench's copy of the marks: they are all sent again after it.
    vscode.workspace.onDidChangeTextDocument((event) => {
      for (const editor of vscode.window.visibleTextEditors) if (editor.document === event.document) sent.delete(editor);
    }),
    analysis.onDidChange(refresh),
    results.onDidChange(refresh),
  );
}

/**
 * Hovering a row's first line shows its result, made when asked: decorations that carried their
 * hovers rebuilt and re-sent every row's (11.6 MB of Markdown at 10,000 cases) on each live update
 * of a run.
 */
function registerResultHover(analysis: Analysis, results: ResultsStore): vscode.Disposable {
  return vscode.languages.registerHoverProvider(
    { scheme: 'file' },
    {
      provideHover(doc, position) {
        const file = doc.uri.fsPath;
        const contents: vscode.MarkdownString[] = [];
        for (const promptFile of analysis.promptsUsing(file)) {
          const a = analysis.peek(promptFile);
          const run = a && results.latest(promptFile);
          if (!a || !run) continue;
          const c = a.prepared.cases.find((c) => c.source.range.start.line === position.line && samePath(c.source.file, file));
          const outcome = c && results.outcomes(promptFile)?.get(c.id);
          if (!c || !outcome) continue;
          const stale = run.record.prompt.contentHash !== a.textHash;
          contents.push(new vscode.MarkdownString(resultHoverMarkdown({ label: c.label, outcome, stale, runStartedAt: run.record.startedAt, turns: c.turns, images: c.images })));
        }
        return contents.length ? new vscode.Hover(contents, doc.lineAt(position.line).range) : undefined;
      },
    },
  );
}
