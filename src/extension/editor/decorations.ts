import path from 'node:path';
import * as vscode from 'vscode';
import type { Analysis } from '../analysis/analysis.js';
import { outcomesByCase, type CaseState } from '../run/caseOutcome.js';
import { decorationText } from './decorationText.js';
import { isPromptFile, samePath } from '../workspace/location.js';
import { resultHoverMarkdown } from './resultHover.js';
import type { ResultsStore } from '../run/results.js';

// ✓/✗ after each dataset row of the latest run, in prompt files and dataset files alike, with a
// hover holding the outputs and the failing evaluators. Rows are found by case id in the current
// analysis, so results stay on their rows while the file is edited.

const COLORS: Record<CaseState, string> = {
  passed: 'testing.iconPassed',
  failed: 'testing.iconFailed',
  errored: 'testing.iconErrored',
  cancelled: 'disabledForeground',
};

const DATA_EXTENSIONS = /\.(jsonl|ndjson|csv|tsv|json|ya?ml)$/i;

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
      const run = results.latest(promptFile);
      if (!run) {
        void results.loadFromDisk(promptFile, a.session);
        continue;
      }
      const outcomes = outcomesByCase(run.record.results, run.record.reviews);
      const stale = run.record.prompt.contentHash !== a.textHash;
      const prefix = prompts.length > 1 ? `${a.prepared.parsed.prompt?.name ?? path.basename(promptFile)}: ` : '';
      for (const c of a.prepared.cases) {
        const outcome = outcomes.get(c.id);
        const line = c.source.range.start.line;
        if (!outcome || !samePath(c.source.file, file) || line >= doc.lineCount) continue;
        const hover = new vscode.MarkdownString(resultHoverMarkdown({ label: c.label, outcome, stale, runStartedAt: run.record.startedAt, turns: c.turns, images: c.images }));
        byState[outcome.state].push({
          // The whole first line of the row: hovering the row shows its result.
          range: new vscode.Range(line, 0, line, doc.lineAt(line).range.end.character),
          hoverMessage: hover,
          renderOptions: { after: { contentText: prefix + decorationText(outcome) } },
        });
      }
    }
    for (const state of Object.keys(types) as CaseState[]) editor.setDecorations(types[state], byState[state]);
  };

  let scheduled: ReturnType<typeof setTimeout> | undefined;
  // Many results can land in one tick during a run; decorate once for all of them.
  const refresh = () => {
    if (scheduled) return;
    scheduled = setTimeout(() => {
      scheduled = undefined;
      for (const editor of vscode.window.visibleTextEditors) decorate(editor);
    }, 50);
  };
  refresh();
  return vscode.Disposable.from(
    ...Object.values(types),
    { dispose: () => scheduled && clearTimeout(scheduled) },
    vscode.window.onDidChangeVisibleTextEditors(refresh),
    analysis.onDidChange(refresh),
    results.onDidChange(refresh),
  );
}
