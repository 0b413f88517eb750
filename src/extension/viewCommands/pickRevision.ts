import * as vscode from 'vscode';
import type { GitRevision } from '../../core/git.js';
import { loadCore } from '../core.js';
import { revisionProblemText } from './revisionProblemText.js';

// A revision of a prompt file from its git history (commits that touched it, newest first).

export async function pickRevision(file: vscode.Uri): Promise<GitRevision | undefined> {
  const core = await loadCore();
  const history = await core.gitHistory(file.fsPath);
  if (history.length === 0) {
    const problem = await core.revisionProblem(file.fsPath, 'HEAD');
    const rel = vscode.workspace.asRelativePath(file);
    const text = problem === 'not-in-revision' ? `${rel} has no git history: commit it first, or compare two run records instead.` : revisionProblemText(problem, rel, 'revision');
    void vscode.window.showWarningMessage(text);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    history.map((revision) => ({ label: `${revision.shortCommit}  ${revision.subject}`, description: revision.date.slice(0, 10), revision })),
    { title: `Compare ${vscode.workspace.asRelativePath(file)} with a revision`, placeHolder: 'Revision to run against the working copy', matchOnDescription: true },
  );
  return picked?.revision;
}
