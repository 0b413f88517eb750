import * as vscode from 'vscode';
import type { RunRecord } from '../../core/record/types.js';
import type { FinishedRun } from '../run/contracts.js';
import { isRecordFile, loadRunFile, recordRefPath } from './recordFiles.js';

// Records the open views show, by id: the diff editor's virtual documents read prompt texts and
// outputs from here. A record no view holds any more (after a reload) is read from its file.

export interface RecordStore {
  remember(run: FinishedRun): void;
  get(id: string): FinishedRun | undefined;
  /** The record with `id`, from memory or from `file` (a path, or a file URI). */
  resolve(id: string, file?: string): Promise<RunRecord | undefined>;
  /** Drops records no open view shows (large records should not outlive their panels). */
  keepOnly(ids: ReadonlySet<string>): void;
}

export function createRecordStore(): RecordStore {
  const runs = new Map<string, FinishedRun>();
  return {
    remember: (run) => void runs.set(run.record.id, run),
    get: (id) => runs.get(id),
    async resolve(id, file) {
      const known = runs.get(id);
      if (known) return known.record;
      if (!file) return undefined;
      const path = recordRefPath(file);
      // The id and file come from a document URI anyone can craft: read only record files in the workspace.
      if (!isRecordFile(path) || !vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path))) return undefined;
      const run = await loadRunFile(path);
      if (run.record.id !== id) return undefined;
      runs.set(id, run);
      return run.record;
    },
    keepOnly(ids) {
      for (const id of [...runs.keys()]) if (!ids.has(id)) runs.delete(id);
    },
  };
}
