import * as vscode from 'vscode';
import type { EvalRunner, FinishedRun, ResultsViews } from '../run/contracts.js';
import { loadCore } from '../core.js';
import { listRecords, loadRun, pickRecord } from './pickRecords.js';
import { RUN_RECORD_EDITOR } from '../views/runRecordEditor.js';
import { promptUriFrom } from './promptTarget.js';
import { isRecordFile } from '../views/recordFiles.js';
import type { WorkspaceSessions } from '../workspace/sessions.js';

// "Open Results": a run record file opens in its editor; a prompt file shows its latest run (or
// offers to run it); with neither, pick a record.

async function asFinishedRun(value: unknown): Promise<FinishedRun | undefined> {
  if (!value || typeof value !== 'object') return undefined;
  const core = await loadCore();
  return core.isRunRecord((value as FinishedRun).record) ? (value as FinishedRun) : undefined;
}

export function openResultsCommand(sessions: WorkspaceSessions, runner: EvalRunner, views: ResultsViews, viewPrompt: () => vscode.Uri | undefined) {
  return async (arg?: unknown): Promise<void> => {
    const run = await asFinishedRun(arg);
    if (run) return views.openRun(run);
    if (arg instanceof vscode.Uri && isRecordFile(arg.path)) {
      await vscode.commands.executeCommand('vscode.openWith', arg, RUN_RECORD_EDITOR);
      return;
    }
    const prompt = promptUriFrom(arg, viewPrompt);
    if (prompt) {
      const latest = await runner.latestRun(prompt);
      if (latest) return views.openRun(latest);
      const choice = await vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(prompt)} has not been run yet.`, 'Run Eval');
      if (choice !== 'Run Eval') return;
      const ran = await runner.run({ uri: prompt, reveal: false });
      if (ran) await views.openRun(ran);
      return;
    }
    const records = await listRecords(sessions);
    if (records.length === 0) {
      void vscode.window.showInformationMessage('No run records yet: run an eval first (Prompt Workbench: Run Eval).');
      return;
    }
    const picked = await pickRecord(records, 'Open results', 'Run record');
    if (picked) await views.openRun(await loadRun(picked.file));
  };
}
