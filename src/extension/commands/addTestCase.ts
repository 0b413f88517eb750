import * as vscode from 'vscode';
import { loadCore } from '../core.js';
import { hasTestDataKey, testDataBlock } from '../editor/testDataBlock.js';

// "Add a test case": a prompt with {{vars}} and no cases gets a testData row naming each variable,
// the cursor in the first value.

export async function addTestCase(file: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(doc);
  const text = doc.getText();
  if (hasTestDataKey(text)) {
    const line = text.slice(0, text.search(/^testData\s*:/m)).split('\n').length - 1;
    editor.selection = new vscode.Selection(line, 0, line, 0);
    editor.revealRange(new vscode.Range(line, 0, line, 0));
    void vscode.window.showInformationMessage('Prompt Workbench: add a row under testData: (one "- name: value" mapping per case).');
    return;
  }
  const core = await loadCore();
  const vars = core.requiredVars(core.parsePromptFile(text, file));
  if (!vars.length) return;
  const block = testDataBlock(text, vars, doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
  const end = doc.positionAt(text.length);
  await editor.edit((edit) => edit.insert(end, block));
  // The cursor between the first row's quotes.
  const firstRow = doc.lineCount - 1 - vars.length;
  const column = doc.lineAt(firstRow).text.lastIndexOf('"');
  editor.selection = new vscode.Selection(firstRow, column, firstRow, column);
  editor.revealRange(new vscode.Range(firstRow, 0, firstRow, 0));
}
