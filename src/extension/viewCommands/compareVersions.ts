import * as vscode from 'vscode';
import { loadCore } from '../core.js';
import type { EvalRunner, FinishedRun } from '../run/contracts.js';
import type { VersionRun } from '../views/loadedView.js';
import { openWhenStarted } from './liveOpen.js';
import type { Panels } from '../views/panels.js';
import { pickRevision } from './pickRevision.js';
import { revisionProblemText } from './revisionProblemText.js';
import { promptUriOrPick } from './promptTarget.js';

// "Compare with HEAD" and "Compare with Git Revision…": run the cases on the prompt text of a
// revision and on the working copy, then show both side by side with a paired test.

export const WORKING_COPY = 'working copy';

export async function compareWithRevision(runner: EvalRunner, panels: Panels, uri: vscode.Uri, revision: string, label: string): Promise<void> {
  let text: string;
  const core = await loadCore();
  try {
    // Pin HEAD to its commit: the prompt diff must show the text that ran even after a new commit.
    if (revision === 'HEAD') revision = (await core.gitInfo(uri.fsPath))?.commit ?? revision;
    text = await core.gitShow(uri.fsPath, revision);
  } catch {
    const problem = await core.revisionProblem(uri.fsPath, revision);
    void vscode.window.showWarningMessage(revisionProblemText(problem, vscode.workspace.asRelativePath(uri), label));
    return;
  }
  const hold = panels.holdFollow(uri.fsPath);
  let live: vscode.Disposable | undefined;
  try {
    const ran = await runner.run({ uri, text, label, reveal: false });
    if (!ran) return;
    const before: VersionRun = { ...ran, label, revision, promptUri: uri.toString() };
    const after = (run: FinishedRun): VersionRun => ({ ...run, label: WORKING_COPY, promptUri: uri.toString() });
    live = openWhenStarted(runner, uri.fsPath, Date.now(), (update) => panels.open({ kind: 'versions', before, after: after(update) }));
    const current = await runner.run({ uri, label: WORKING_COPY, reveal: false });
    if (current) panels.open({ kind: 'versions', before, after: after(current) });
  } finally {
    live?.dispose();
    hold.dispose();
  }
}

export function compareWithHeadCommand(runner: EvalRunner, panels: Panels) {
  return async (arg?: unknown): Promise<void> => {
    const uri = await promptUriOrPick(arg, 'Compare which prompt with HEAD?', () => panels.activePrompt());
    if (uri) await compareWithRevision(runner, panels, uri, 'HEAD', 'HEAD');
  };
}

export function compareWithRevisionCommand(runner: EvalRunner, panels: Panels) {
  return async (arg?: unknown): Promise<void> => {
    const uri = await promptUriOrPick(arg, 'Compare which prompt with a git revision?', () => panels.activePrompt());
    if (!uri) return;
    const revision = await pickRevision(uri);
    if (revision) await compareWithRevision(runner, panels, uri, revision.commit, revision.shortCommit);
  };
}
