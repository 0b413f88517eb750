import * as vscode from 'vscode';
import { isPromptFile as isPromptPath, PROMPT_GLOB, SKIP_GLOB } from '../workspace/location.js';

// The prompt file a view command is about: its argument (explorer, editor title, CodeLens), the
// active editor's file, the prompt of the focused results view, or the one prompt file in sight –
// else the user picks one.

export function isPromptFile(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && isPromptPath(uri.path);
}

export function promptUriFrom(arg: unknown, viewPrompt?: () => vscode.Uri | undefined): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri && isPromptFile(arg)) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (isPromptFile(active)) return active;
  const fromView = viewPrompt?.();
  if (fromView) return fromView;
  const visible = [
    ...new Set(
      vscode.window.visibleTextEditors
        .map((e) => e.document.uri)
        .filter(isPromptFile)
        .map((u) => u.toString()),
    ),
  ];
  return visible.length === 1 ? vscode.Uri.parse(visible[0]) : undefined;
}

/** Asks for a prompt file when the command was not run on one. */
export async function pickPromptFile(title: string): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(PROMPT_GLOB, SKIP_GLOB, 500);
  if (files.length === 0) {
    void vscode.window.showInformationMessage('No .prompt.yml files in this workspace.');
    return undefined;
  }
  if (files.length === 1) return files[0];
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, true), uri })).sort((a, b) => a.label.localeCompare(b.label)),
    { title, placeHolder: 'Prompt file' },
  );
  return picked?.uri;
}

export async function promptUriOrPick(arg: unknown, title: string, viewPrompt?: () => vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  return promptUriFrom(arg, viewPrompt) ?? (await pickPromptFile(title));
}
