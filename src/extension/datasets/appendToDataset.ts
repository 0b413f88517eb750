import * as vscode from 'vscode';
import { loadCore } from '../core.js';

// Rows added to a dataset from the editor: the core's insertions as one undoable workspace edit
// on the document as it is now (unsaved text included), or a new file when there is none yet.

export async function existingText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export async function appendToDataset(uri: vscode.Uri, rows: readonly Record<string, unknown>[], before: string | undefined): Promise<void> {
  if (!rows.length) return;
  const core = await loadCore();
  const appended = core.appendRows(before, uri.fsPath, rows);
  if (!appended.ok) throw new Error(appended.error);
  const edit = new vscode.WorkspaceEdit();
  if (before === undefined) {
    edit.createFile(uri, { ignoreIfExists: false });
    edit.insert(uri, new vscode.Position(0, 0), appended.text);
  } else {
    for (const e of appended.edits) edit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.column, e.range.end.line, e.range.end.column), e.newText);
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`${vscode.workspace.asRelativePath(uri)} could not be edited`);
  const document = await vscode.workspace.openTextDocument(uri);
  await document.save();
}

/** The prompt's dataset files, its own testData, or another file: where new rows go. */
export async function pickDataset(promptFile: string, datasets: readonly string[], title: string): Promise<vscode.Uri | undefined> {
  const prompt = vscode.Uri.file(promptFile);
  const items: Array<vscode.QuickPickItem & { uri?: vscode.Uri }> = [
    ...datasets.map((d) => ({ label: vscode.workspace.asRelativePath(d), description: 'dataset of this prompt', uri: vscode.Uri.file(d) })),
    { label: vscode.workspace.asRelativePath(prompt), description: 'its inline testData', uri: prompt },
    { label: 'Another file…', description: '.jsonl, .yaml, .json, .csv or .tsv' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Where the rows go' });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  return vscode.window.showSaveDialog({ title, defaultUri: vscode.Uri.joinPath(prompt, '..', 'rows.jsonl'), filters: { Datasets: ['jsonl', 'yaml', 'yml', 'json', 'csv', 'tsv'] } });
}
