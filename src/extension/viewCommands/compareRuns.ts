import * as vscode from 'vscode';
import type { ResultsViews } from '../run/contracts.js';
import { listRecords, loadRun, pickRecord, type RecordFile } from './pickRecords.js';
import { runLabel } from './recordName.js';
import { isPromptFile } from './promptTarget.js';
import { isRecordFile } from '../views/recordFiles.js';
import { loadCore } from '../core.js';
import type { WorkspaceSessions } from '../workspace/sessions.js';

// "Compare Two Run Records…": any two records of a prompt, older on the left. From the explorer
// with two records selected, or picked one after the other.

function fileArgs(arg: unknown, selection: unknown): string[] {
  const all: unknown[] = Array.isArray(selection) ? selection : [arg];
  return all.filter((u): u is vscode.Uri => u instanceof vscode.Uri && isRecordFile(u.path)).map((u) => u.fsPath);
}

async function candidates(sessions: WorkspaceSessions, arg: unknown): Promise<RecordFile[]> {
  const records = await listRecords(sessions);
  const prompt = isPromptFile(arg as vscode.Uri) ? (arg as vscode.Uri) : vscode.window.activeTextEditor?.document.uri;
  if (!isPromptFile(prompt)) return records;
  const slug = (await loadCore()).promptSlug(prompt.fsPath);
  const same = records.filter((r) => r.slug === slug);
  return same.length >= 2 ? same : records;
}

export function compareRunsCommand(sessions: WorkspaceSessions, views: ResultsViews) {
  return async (arg?: unknown, selection?: unknown): Promise<void> => {
    let files = fileArgs(arg, selection);
    if (files.length !== 2) {
      const records = await candidates(sessions, arg);
      if (records.length < 2) {
        void vscode.window.showInformationMessage('Comparing runs needs at least two run records; run an eval twice first.');
        return;
      }
      const first = await pickRecord(records, 'Compare two run records (1/2)', 'The first run');
      if (!first) return;
      const second = await pickRecord(
        records.filter((r) => r !== first),
        'Compare two run records (2/2)',
        'The run to compare it with',
      );
      if (!second) return;
      files = [first.file, second.file];
    }
    const runs = await Promise.all(files.map(loadRun));
    runs.sort((a, b) => a.record.startedAt.localeCompare(b.record.startedAt));
    let [beforeLabel, afterLabel] = runs.map((run) => runLabel(run.record));
    if (beforeLabel === afterLabel) [beforeLabel, afterLabel] = runs.map((run) => run.record.id);
    await views.openVersionComparison({ ...runs[0], label: beforeLabel }, { ...runs[1], label: afterLabel });
  };
}
