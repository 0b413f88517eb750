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
  const update = () => {
    const runs = runner.activeRuns();
    if (runs.length) {
      const status = runningStatus(runs);
      item.text = status.text;
      item.tooltip = status.tooltip;
      item.command = 'promptWorkbench.cancelRun';
      item.show();
      return;
    }
    const doc = vscode.window.activeTextEditor?.document;
    const a = doc && doc.uri.scheme === 'file' && isPromptFile(doc.uri.fsPath) ? analysis.peek(doc.uri.fsPath) : undefined;
    const idle = a ? idleStatus(a.models) : undefined;
    if (!idle) return item.hide();
    item.text = idle.text;
    item.tooltip = idle.tooltip;
    item.command = 'promptWorkbench.selectModels';
    item.show();
  };
  const throttled = throttle(update, 100);
  update();
  return vscode.Disposable.from(
    item,
    { dispose: () => throttled.cancel() },
    runner.onDidChangeActive(() => throttled()),
    vscode.window.onDidChangeActiveTextEditor(() => throttled()),
    analysis.onDidChange(() => throttled()),
  );
}
