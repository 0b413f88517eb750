import * as vscode from 'vscode';
import { loadCore } from '../core.js';
import type { FinishedRun } from '../run/contracts.js';
import type { ResultRef } from '../../shared/protocol.js';
import { recordPathUri } from './recordFiles.js';

// What the results view's review actions do on the host: a person's pass or fail (with an optional
// note) is appended to the run's record, beside the automatic verdict; "Accept output as expected"
// writes the output into the case's dataset row as one undoable workspace edit that leaves the
// rest of the file as it was, then saves the file.

function resultOf(run: FinishedRun, ref: ResultRef) {
  return run.record.results.find((r) => r.caseId === ref.caseId && r.model === ref.model && r.repeat === ref.repeat);
}

/** Records the review; false when the user dismissed the note box (nothing recorded). */
export async function reviewResult(run: FinishedRun, ref: ResultRef, verdict: 'pass' | 'fail'): Promise<boolean> {
  if (!run.file) throw new Error('this run wrote no record file, so a review has nowhere to be kept');
  if (!resultOf(run, ref)) throw new Error(`the record has no result for case "${ref.caseId}" on ${ref.model}`);
  const note = await vscode.window.showInputBox({
    title: `Mark ${verdict}: ${ref.caseId} · ${ref.model}`,
    prompt: 'A note for this review (optional). Enter records it; Escape cancels.',
    placeHolder: 'why the automatic verdict is right or wrong',
    ignoreFocusOut: true,
  });
  if (note === undefined) return false;
  const core = await loadCore();
  const review = core.reviewOf({ ...ref, verdict, note }, new Date());
  if (!review) return false;
  await core.appendReview(run.file, review);
  (run.record.reviews ??= []).push(review);
  return true;
}

export async function acceptAsExpected(run: FinishedRun, ref: ResultRef): Promise<void> {
  const result = resultOf(run, ref);
  const evalCase = run.record.cases.find((c) => c.id === ref.caseId);
  if (!result || typeof result.output !== 'string' || !evalCase) throw new Error(`no output of case "${ref.caseId}" on ${ref.model} to accept`);
  const uri = recordPathUri(run, evalCase.source.file);
  if (!uri) throw new Error('the run does not say where its dataset is');
  const document = await vscode.workspace.openTextDocument(uri);
  const core = await loadCore();
  const edit = core.setRowFields({ text: document.getText(), file: uri.fsPath, caseId: ref.caseId, fields: { expected: result.output } });
  if (!edit.ok) throw new Error(`cannot accept the output: ${edit.error}`);
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const e of edit.edits) workspaceEdit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.column, e.range.end.line, e.range.end.column), e.newText);
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) throw new Error(`${vscode.workspace.asRelativePath(uri)} could not be edited`);
  await document.save();
  void vscode.window.setStatusBarMessage(`Prompt Workbench: the output of ${ref.model} is now the expected answer of ${evalCase.label}`, 5000);
}
