import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { FinishedRun, RunRecord } from '../../core/record/types.js';
import { loadCore } from '../core.js';

// Run records on disk and where their paths point. A record's prompt, dataset and row paths are
// relative to its session's config folder (FinishedRun.root); a record read from a file finds that
// folder again: the nearest folder above the record holding the prompt path, else a workspace
// folder holding it.

export async function readRecordFile(file: string): Promise<RunRecord> {
  const core = await loadCore();
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(file));
  // Decoded and parsed a line at a time, giving the extension host back between slices.
  return core.parseRunRecordInSlices(bytes, file);
}

/** Run records are `.jsonl` (version 2) or `.json` (version 1). */
export function isRecordFile(file: string): boolean {
  return /\.jsonl?$/i.test(file);
}

/** A record file with the folder its paths are relative to. */
export async function loadRunFile(file: string): Promise<FinishedRun> {
  const record = await readRecordFile(file);
  return { record, file, root: findRecordRoot(file, record) };
}

export function findRecordRoot(recordFile: string, record: RunRecord): string | undefined {
  for (let dir = path.dirname(recordFile); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, record.prompt.path))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  return vscode.workspace.workspaceFolders?.find((f) => existsSync(path.join(f.uri.fsPath, record.prompt.path)))?.uri.fsPath;
}

/** The folder a run's paths are relative to, the first workspace folder when nothing else is known. */
export function rootOf(run: FinishedRun): string | undefined {
  return run.root ?? (run.file ? findRecordRoot(run.file, run.record) : undefined) ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** A path from the record (a dataset, the prompt) as a file. */
export function recordPathUri(run: FinishedRun, relative: string): vscode.Uri | undefined {
  const root = rootOf(run);
  return root === undefined ? undefined : vscode.Uri.file(path.resolve(root, relative));
}

/** The prompt file a run was made for, absolute: what views and comparisons key on. */
export function promptFileOf(run: FinishedRun): string {
  const root = rootOf(run);
  return root === undefined ? run.record.prompt.path : path.resolve(root, run.record.prompt.path);
}

/** A persisted record reference: a file path, or a file URI from before records carried paths. */
export function recordRefPath(ref: string): string {
  return ref.startsWith('file:') ? vscode.Uri.parse(ref).fsPath : ref;
}
