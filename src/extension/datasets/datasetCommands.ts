import path from 'node:path';
import * as vscode from 'vscode';
import { loadCore } from '../core.js';
import type { Analysis } from '../analysis/analysis.js';
import type { Log } from '../log.js';
import type { ProviderResolver } from '../../core/providers/registry.js';
import { appendToDataset, existingText, pickDataset } from './appendToDataset.js';
import { ensureTrusted } from '../workspace/trust.js';

// "Import Rows from Log…" and "Generate Rows…": the CLI's import and generate on the prompt file
// in the editor, the rows added to a dataset the user picks as one undoable edit.

export interface DatasetCommandDeps {
  analysis: Analysis;
  log: Log;
  providers(file: string): Promise<ProviderResolver>;
}

function datasetFiles(analysis: Awaited<ReturnType<Analysis['analyze']>>): string[] {
  const parsed = analysis.prepared.parsed;
  return (parsed.prompt?.datasets ?? []).map((d) => path.resolve(path.dirname(parsed.file), d));
}

export async function importRowsFromLog(file: string, deps: DatasetCommandDeps): Promise<void> {
  const a = await deps.analysis.analyzeNow(file);
  const messages = a.prepared.parsed.prompt?.messages;
  if (!messages) throw new Error(`${path.basename(file)} has errors; fix them first`);
  const [log] =
    (await vscode.window.showOpenDialog({
      title: 'Import Rows from Log',
      openLabel: 'Import',
      canSelectMany: false,
      filters: { 'Logs (JSON Lines, OTLP JSON)': ['jsonl', 'ndjson', 'json', 'log'], 'All files': ['*'] },
    })) ?? [];
  if (!log) return;
  const expected = await vscode.window.showQuickPick(
    [
      { label: 'Inputs only', withExpected: false },
      { label: 'Inputs, and the logged answer as "expected"', withExpected: true },
    ],
    { title: 'Import Rows from Log' },
  );
  if (!expected) return;
  const target = await pickDataset(file, datasetFiles(a), 'Import Rows from Log');
  if (!target) return;
  const core = await loadCore();
  const before = await existingText(target);
  const imported = await core.importRows(log.fsPath, messages, { withExpected: expected.withExpected, existing: core.existingRows(before, target.fsPath).keys });
  if (!imported.ok) throw new Error(imported.error);
  const { report } = imported;
  await appendToDataset(target, report.rows, before);
  for (const skip of report.skipped) deps.log.info(`import: ${vscode.workspace.asRelativePath(log)}:${skip.line}${skip.where ? ` (${skip.where})` : ''} skipped: ${skip.reason}`);
  const summary = `Imported ${report.rows.length} row${report.rows.length === 1 ? '' : 's'} into ${vscode.workspace.asRelativePath(target)} (${report.matched} of ${report.calls} calls matched; ${report.duplicates} duplicate${report.duplicates === 1 ? '' : 's'}, ${report.skipped.length} skipped).`;
  const choice = await vscode.window.showInformationMessage(`Prompt Workbench: ${summary}`, ...(report.skipped.length ? ['Show Skipped Lines'] : []));
  if (choice) deps.log.show();
}

export async function generateRowsFor(file: string, deps: DatasetCommandDeps): Promise<void> {
  // Like a run, it sends the prompt to an endpoint the workspace configures.
  if (!ensureTrusted()) return;
  const a = await deps.analysis.analyzeNow(file);
  const prompt = a.prepared.parsed.prompt;
  if (!prompt) throw new Error(`${path.basename(file)} has errors; fix them first`);
  const core = await loadCore();
  const variables = core.requiredVars(a.prepared.parsed).filter((v) => v !== 'expected');
  if (!variables.length) throw new Error(`${path.basename(file)} has no {{variables}} for new rows to fill`);
  const countText = await vscode.window.showInputBox({
    title: 'Generate Rows',
    prompt: `How many new rows (covering ${variables.map((v) => `{{${v}}}`).join(', ')})?`,
    value: '10',
    validateInput: (v) => (/^[1-9]\d{0,2}$/.test(v.trim()) ? undefined : 'a whole number from 1 to 999'),
  });
  if (!countText) return;
  const model = prompt.judgeModel ?? prompt.model ?? a.models[0];
  if (!model) throw new Error('the prompt names no model to write the rows');
  const target = await pickDataset(file, datasetFiles(a), `Generate Rows with ${model}`);
  if (!target) return;
  const before = await existingText(target);
  const existing = core.existingRows(before, target.fsPath);
  for (const c of a.prepared.cases) existing.keys.add(core.rowKey(c.vars));
  const resolver = await deps.providers(file);
  const generated = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Generating rows with ${model}…`, cancellable: true }, async (_progress, token) => {
    const controller = new AbortController();
    const stop = token.onCancellationRequested(() => controller.abort());
    try {
      return await core.generateRows(await resolver.get(model), {
        model,
        messages: prompt.messages,
        variables,
        count: Number(countText),
        examples: a.prepared.cases.slice(0, 3).map((c) => c.vars),
        existing: existing.keys,
        timeoutMs: a.session.config.timeoutMs,
        maxRetries: a.session.config.maxRetries,
        signal: controller.signal,
      });
    } finally {
      stop.dispose();
    }
  });
  const ids = core.freshIds(generated.rows.length, existing.ids, 'generated');
  await appendToDataset(
    target,
    generated.rows.map((row, i) => ({ _id: ids[i], ...row })),
    before,
  );
  for (const reason of generated.rejected) deps.log.info(`generate: left out: ${reason}`);
  void vscode.window.showInformationMessage(
    `Prompt Workbench: added ${generated.rows.length} generated row${generated.rows.length === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(target)}${generated.rejected.length ? ` (${generated.rejected.length} left out, see the log)` : ''}.`,
  );
}
