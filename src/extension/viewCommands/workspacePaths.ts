import * as vscode from 'vscode';
import type { FinishedRun } from '../run/contracts.js';

// Where things are: the prompt file a command is about, the workspace folder a record belongs to,
// the results folder, a record's workspace-relative paths as URIs.

const PROMPT_FILE = /\.prompt\.ya?ml$/i;

export function isPromptFile(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && PROMPT_FILE.test(uri.path);
}

/**
 * The prompt a command is about: its argument (explorer, editor title, CodeLens), the active
 * editor's file, the prompt of the focused results view, or the one prompt file in sight.
 */
export function promptUriFrom(arg: unknown, viewPrompt?: () => vscode.Uri | undefined): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri && isPromptFile(arg)) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (isPromptFile(active)) return active;
  const fromView = viewPrompt?.();
  if (fromView) return fromView;
  const visible = [...new Set(vscode.window.visibleTextEditors.map((e) => e.document.uri).filter(isPromptFile).map((u) => u.toString()))];
  return visible.length === 1 ? vscode.Uri.parse(visible[0]) : undefined;
}

/** Asks for a prompt file when the command was not run on one. */
export async function pickPromptFile(title: string): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles('**/*.{prompt.yml,prompt.yaml}', '**/node_modules/**', 500);
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

/** A record's prompt path as a file in the (first) workspace folder that has it. */
export function promptUriOfPath(promptPath: string): vscode.Uri | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.length ? vscode.Uri.joinPath(folders[0].uri, promptPath) : undefined;
}

/** The record-style path of a prompt: relative to its workspace folder, forward slashes. */
export function workspacePath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false).split('\\').join('/');
}

export function resultsFolder(folder: vscode.WorkspaceFolder): vscode.Uri {
  const setting = vscode.workspace.getConfiguration('promptWorkbench', folder.uri).get<string>('resultsFolder') || '.prompt-workbench/runs';
  return vscode.Uri.joinPath(folder.uri, setting);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The workspace folder a run belongs to: its record file's, the prompt's, or the first holding its prompt path. */
export async function workspaceFolderOf(run: FinishedRun, promptUri?: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
  const direct = (run.file && vscode.workspace.getWorkspaceFolder(run.file)) || (promptUri && vscode.workspace.getWorkspaceFolder(promptUri));
  if (direct) return direct;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (await exists(vscode.Uri.joinPath(folder.uri, run.record.prompt.path))) return folder;
  }
  return vscode.workspace.workspaceFolders?.[0];
}

/** A record's workspace-relative path (a dataset, the prompt) as a URI in its workspace folder. */
export async function recordPathUri(run: FinishedRun, relative: string): Promise<vscode.Uri | undefined> {
  const folder = await workspaceFolderOf(run);
  return folder && vscode.Uri.joinPath(folder.uri, relative);
}
