import * as vscode from 'vscode';
import type { GitRevision } from '../../core/git.js';
import { loadCore } from '../core.js';

// A revision of a prompt file from its git history (commits that touched it, newest first).

export async function pickRevision(file: vscode.Uri): Promise<GitRevision | undefined> {
  const history = await (await loadCore()).gitHistory(file.fsPath);
  if (history.length === 0) {
    void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(file)} has no git history: commit it first, or compare two run records instead.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    history.map((revision) => ({ label: `${revision.shortCommit}  ${revision.subject}`, description: revision.date.slice(0, 10), revision })),
    { title: `Compare ${vscode.workspace.asRelativePath(file)} with a revision`, placeHolder: 'Revision to run against the working copy', matchOnDescription: true },
  );
  return picked?.revision;
}
