import * as vscode from 'vscode';
import type { Analysis } from '../analysis/analysis.js';
import { throttle } from '../analysis/debounce.js';
import { isPromptFile } from '../workspace/location.js';
import { idleStatus, runningStatus } from './statusText.js';
import type { Runner } from './runner.js';

// One status bar entry: a running eval's progress and spend (click to cancel); when idle and a
// prompt file is active, the models it runs (click to choose).

export function registerStatusBar(runner: Runner, analysis: Analysis): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('promptWorkbench.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Prompt Workbench';
  let shown = '';
  /** Each change of the item is a message to the workbench; the same text is not sent again. */
  const show = (text: string, tooltip: string, command: string) => {
    const next = JSON.stringify([text, tooltip, command]);
    if (next === shown) return;
    shown = next;
    Object.assign(item, { text, tooltip, command });
    item.show();
  };
  const update = () => {
    const runs = runner.activeRuns();
    if (runs.length) {
      const status = runningStatus(runs);
      return show(status.text, status.tooltip, 'promptWorkbench.cancelRun');
    }
    const doc = vscode.window.activeTextEditor?.document;
    const a = doc && doc.uri.scheme === 'file' && isPromptFile(doc.uri.fsPath) ? analysis.peek(doc.uri.fsPath) : undefined;
    const idle = a ? idleStatus(a.models) : undefined;
    if (!idle) {
      shown = '';
      return item.hide();
    }
    show(idle.text, idle.tooltip, 'promptWorkbench.selectModels');
  };
  // A few times a second while a run streams in: the count moves on every result.
  const throttled = throttle(update, 250);
  update();
  return vscode.Disposable.from(
    item,
    { dispose: () => throttled.cancel() },
    runner.onDidChangeActive(() => throttled()),
    vscode.window.onDidChangeActiveTextEditor(() => throttled()),
    analysis.onDidChange(() => throttled()),
  );
}
