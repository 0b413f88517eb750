import path from 'node:path';
import * as vscode from 'vscode';
import type { Analysis } from '../analysis/analysis.js';
import type { CaseOutcome, CaseState } from '../run/caseOutcome.js';
import { decorationText } from './decorationText.js';
import { isPromptFile, samePath } from '../workspace/location.js';
import { resultHoverMarkdown } from './resultHover.js';
import type { ResultsStore } from '../run/results.js';
import { throttle } from '../analysis/debounce.js';

// ✓/✗ after each dataset row of the latest run, in prompt files and dataset files alike, and a
// hover on the row holding the outputs and the failing evaluators. Rows are found by case id in
// the current analysis, so results stay on their rows while the file is edited.

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

export function registerDecorations(analysis: Analysis, results: ResultsStore): vscode.Disposable {
  const types = Object.fromEntries(
    (Object.keys(COLORS) as CaseState[]).map((state) => [
      state,
      vscode.window.createTextEditorDecorationType({
        after: { margin: '0 0 0 2em', color: new vscode.ThemeColor(COLORS[state]) },
        overviewRulerColor: state === 'failed' || state === 'errored' ? new vscode.ThemeColor(COLORS[state]) : undefined,
        overviewRulerLane: vscode.OverviewRulerLane.Right,
      }),
    ]),
  ) as Record<CaseState, vscode.TextEditorDecorationType>;

  const decorate = (editor: vscode.TextEditor) => {
    const doc = editor.document;
    if (doc.uri.scheme !== 'file') return;
    const file = doc.uri.fsPath;
    if (isPromptFile(file) && !analysis.peek(file)) void analysis.analyze(file);
    if (!isPromptFile(file) && DATA_EXTENSIONS.test(file) && !analysis.discovered && !analysis.promptsUsing(file).length) void analysis.discover();
    const byState: Record<CaseState, vscode.DecorationOptions[]> = { passed: [], failed: [], errored: [], cancelled: [] };
    const prompts = analysis.promptsUsing(file);
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
        if (!outcome || !samePath(c.source.file, file) || line >= doc.lineCount) continue;
        byState[outcome.state].push({
          range: new vscode.Range(line, 0, line, doc.lineAt(line).range.end.character),
          renderOptions: { after: { contentText: prefix + textOf(outcome) } },
        });
      }
    }
    for (const state of Object.keys(types) as CaseState[]) editor.setDecorations(types[state], byState[state]);
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
  const first = setTimeout(refresh, 50);
  return vscode.Disposable.from(
    ...Object.values(types),
    registerResultHover(analysis, results),
    {
      dispose: () => {
        clearTimeout(first);
        refresh.cancel();
      },
    },
    vscode.window.onDidChangeVisibleTextEditors(refresh),
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
