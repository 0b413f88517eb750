import * as vscode from 'vscode';
import type { FinishedRun } from '../run/contracts.js';
import { readRecordFile } from '../views/recordStore.js';
import { parseRecordName } from './recordName.js';
import { resultsFolder } from './workspacePaths.js';

// Run records on disk, for "Open Results" and "Compare Two Run Records". Listed by file name
// (a UTC timestamp and the prompt's slug), so a folder of large records lists instantly.

export interface RecordFile {
  uri: vscode.Uri;
  /** "2026-11-22 20:30:36 UTC" */
  when: string;
  slug: string;
}

export async function listRecords(): Promise<RecordFile[]> {
  const found: RecordFile[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const dir = resultsFolder(folder);
    const entries = await vscode.workspace.fs.readDirectory(dir).then((e) => e, () => [] as [string, vscode.FileType][]);
    for (const [name, type] of entries) {
      const parsed = type === vscode.FileType.File ? parseRecordName(name) : undefined;
      if (parsed) found.push({ uri: vscode.Uri.joinPath(dir, name), ...parsed });
    }
  }
  return found.sort((a, b) => b.uri.path.split('/').pop()!.localeCompare(a.uri.path.split('/').pop()!));
}

export async function pickRecord(records: readonly RecordFile[], title: string, placeHolder: string): Promise<RecordFile | undefined> {
  const picked = await vscode.window.showQuickPick(
    records.map((record) => ({ label: record.slug, description: record.when, detail: vscode.workspace.asRelativePath(record.uri), record })),
    { title, placeHolder, matchOnDescription: true },
  );
  return picked?.record;
}

export async function loadRun(uri: vscode.Uri): Promise<FinishedRun> {
  return { record: await readRecordFile(uri), file: uri };
}

