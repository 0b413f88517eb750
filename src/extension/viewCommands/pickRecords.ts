import path from 'node:path';
import * as vscode from 'vscode';
import type { FinishedRun } from '../run/contracts.js';
import { loadRunFile } from '../views/recordFiles.js';
import type { WorkspaceSessions } from '../workspace/sessions.js';
import { parseRecordName } from './recordName.js';

// Run records on disk, for "Open Results" and "Compare Two Run Records": the results folder of
// every session (each prompt-workbench.yml's resultsDir, the settings' override). Listed by file
// name (a UTC timestamp and the prompt's slug), so a folder of large records lists instantly.

export interface RecordFile {
  file: string;
  /** "2026-11-22 20:30:36 UTC" */
  when: string;
  slug: string;
}

export async function listRecords(sessions: WorkspaceSessions): Promise<RecordFile[]> {
  const dirs = new Set((await sessions.all()).map((s) => s.resultsDir));
  const found: RecordFile[] = [];
  for (const dir of dirs) {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(dir)).then(
      (e) => e,
      () => [] as [string, vscode.FileType][],
    );
    for (const [name, type] of entries) {
      const parsed = type === vscode.FileType.File ? parseRecordName(name) : undefined;
      if (parsed) found.push({ file: path.join(dir, name), ...parsed });
    }
  }
  return found.sort((a, b) => path.basename(b.file).localeCompare(path.basename(a.file)));
}

export async function pickRecord(records: readonly RecordFile[], title: string, placeHolder: string): Promise<RecordFile | undefined> {
  const picked = await vscode.window.showQuickPick(
    records.map((record) => ({ label: record.slug, description: record.when, detail: vscode.workspace.asRelativePath(record.file), record })),
    { title, placeHolder, matchOnDescription: true },
  );
  return picked?.record;
}

export function loadRun(file: string): Promise<FinishedRun> {
  return loadRunFile(file);
}
