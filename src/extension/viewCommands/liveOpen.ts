import path from 'node:path';
import type * as vscode from 'vscode';
import type { EvalRunner, RunUpdate } from '../run/contracts.js';
import { promptFileOf } from '../views/recordFiles.js';

// Opens a comparison as soon as its run starts, so the view fills in live instead of appearing
// only when the run is over. Fires once, for the first update of a run of `promptFile` that
// started after `since`.

export function openWhenStarted(runner: EvalRunner, promptFile: string, since: number, open: (update: RunUpdate) => void): vscode.Disposable {
  let fired = false;
  const wanted = path.resolve(promptFile);
  const subscription = runner.onDidUpdateRun((update) => {
    if (fired || promptFileOf(update) !== wanted || Date.parse(update.record.startedAt) < since - 1000) return;
    fired = true;
    subscription.dispose();
    open(update);
  });
  return subscription;
}
