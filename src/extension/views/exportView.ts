import * as vscode from 'vscode';
import { buildView } from '../../shared/buildView.js';
import { toCsv } from '../../shared/csv.js';
import { htmlReport } from '../../shared/htmlReport.js';
import type { ExportFormat, UiState } from '../../shared/protocol.js';
import { visibleRows } from '../../shared/visibleRows.js';
import { runsOf, toViewData, type LoadedView } from './loadedView.js';
import { rootOf } from './recordFiles.js';

// Export of what a view shows (its filters and sort) as CSV or a self-contained HTML report. The
// host builds the file from the records it holds; the webview only asked for it.

export function exportContent(view: LoadedView, format: ExportFormat, ui: UiState, toolVersion: string): { content: string; rows: number } {
  const model = buildView(toViewData(view));
  const rows = visibleRows(model, ui);
  const content = format === 'csv' ? toCsv(model.columns, rows) : htmlReport(model, ui, { generatedAt: new Date().toISOString(), tool: `Prompt Workbench ${toolVersion}` });
  return { content, rows: rows.length };
}

export function exportFileName(view: LoadedView, format: ExportFormat): string {
  const runs = runsOf(view);
  const id = runs[runs.length - 1].record.id;
  return `${id}-${view.kind}.${format}`;
}

export async function exportView(view: LoadedView, format: ExportFormat, ui: UiState, toolVersion: string): Promise<vscode.Uri | undefined> {
  const runs = runsOf(view);
  const root = rootOf(runs[runs.length - 1]);
  const defaultUri = root === undefined ? undefined : vscode.Uri.joinPath(vscode.Uri.file(root), exportFileName(view, format));
  const target = await vscode.window.showSaveDialog({
    defaultUri,
    saveLabel: 'Export',
    title: format === 'csv' ? 'Export as CSV' : 'Export as HTML report',
    filters: format === 'csv' ? { CSV: ['csv'] } : { 'HTML report': ['html'] },
  });
  if (!target) return undefined;
  const { content, rows } = exportContent(view, format, ui, toolVersion);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
  void vscode.window.showInformationMessage(`Exported ${rows} row${rows === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(target)}.`, 'Open').then((choice) => {
    if (choice !== 'Open') return;
    if (format === 'csv') void vscode.window.showTextDocument(target);
    else void vscode.env.openExternal(target);
  });
  return target;
}
