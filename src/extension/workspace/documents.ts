import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';

// Unsaved editor text wins over the file on disk, so checks and runs see what the user sees.
// Workspaces are always on disk: virtual workspaces are declared unsupported.

export function openDocument(file: string): vscode.TextDocument | undefined {
  const wanted = path.resolve(file);
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && path.resolve(d.uri.fsPath) === wanted);
}

export async function readText(file: string): Promise<string> {
  return openDocument(file)?.getText() ?? (await readFile(file, 'utf8'));
}

/** The unsaved text of every edited file but `except`, by path: what readForCore would give a worker that cannot ask VS Code. */
export function unsavedTexts(except: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === 'file' && doc.isDirty && doc.uri.fsPath !== except) out[doc.uri.fsPath] = doc.getText();
  return out;
}

/** The core's readFile hook: an open document's text, else the file's bytes (the core decodes them). */
export async function readForCore(file: string): Promise<Uint8Array | string> {
  return openDocument(file)?.getText() ?? (await readFile(file));
}

/** The workspace folder holding `file`: a session's boundary. */
export function workspaceFolderOf(file: string): string {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? path.dirname(file);
}
