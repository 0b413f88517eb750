import type * as vscode from 'vscode';
import type { EvalRunner, RunUpdate } from '../run/contracts.js';

// Opens a comparison as soon as its run starts, so the view fills in live instead of appearing
// only when the run is over. Fires once, for the first update of a run of `promptPath` that
// started after `since`.

export function openWhenStarted(runner: EvalRunner, promptPath: string, since: number, open: (update: RunUpdate) => void): vscode.Disposable {
  let subscription: vscode.Disposable | undefined;
  let fired = false;
  subscription = runner.onDidUpdateRun((update) => {
    if (fired || update.record.prompt.path !== promptPath || Date.parse(update.record.startedAt) < since - 1000) return;
    fired = true;
    subscription?.dispose();
    open(update);
  });
  return { dispose: () => subscription?.dispose() };
}
