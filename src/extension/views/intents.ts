import * as vscode from 'vscode';
import type { FinishedRun } from '../run/contracts.js';
import type { ResultRef, WebviewMessage } from '../../shared/protocol.js';
import { gitUri, runUri } from './diffUris.js';
import { toUri } from './contentProviders.js';
import { exportView } from './exportView.js';
import { runsOf, type LoadedView, type VersionRun } from './loadedView.js';
import type { PanelController, Query } from './panel.js';
import { recordPathUri } from './recordFiles.js';
import { acceptAsExpected, reviewResult } from './reviewIntents.js';

// What the host does when a webview asks: open a case's row in its dataset, diff the two prompt
// texts or two outputs in VS Code's diff editor, export the view.

/** What a page asks the extension to do (its questions about rows the panel answers itself). */
export type Intent = Exclude<WebviewMessage, Query>;
type ViewIntent = Exclude<Intent, { type: 'review' } | { type: 'acceptExpected' }>;

export function createIntentHandler(toolVersion: string, report: (error: unknown) => void, recordChanged: (run: FinishedRun) => void = () => {}) {
  return (controller: PanelController, intent: Intent): void => {
    const view = controller.view();
    if (!view) return;
    if (intent.type === 'review') {
      const run = runById(view, intent.result.recordId);
      if (!run) return;
      reviewResult(run, intent.result, intent.verdict)
        .then((recorded) => {
          if (!recorded) return;
          const now = controller.view();
          if (now) controller.show(now);
          recordChanged(run);
        })
        .catch(report);
      return;
    }
    if (intent.type === 'acceptExpected') {
      const run = runById(view, intent.result.recordId);
      if (run) acceptAsExpected(run, intent.result).catch(report);
      return;
    }
    // Documents open next to the view rather than over it, so the comparison stays in sight.
    const column = controller.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    handle(view, intent, toolVersion, column).catch(report);
  };
}

async function handle(view: LoadedView, intent: ViewIntent, toolVersion: string, column: vscode.ViewColumn): Promise<void> {
  switch (intent.type) {
    case 'export':
      await exportView(view, intent.format, intent.ui, toolVersion);
      return;
    case 'openCase':
      await openCase(view, intent.recordId, intent.caseId, column);
      return;
    case 'diffPrompts':
      if (view.kind === 'versions') await diffPrompts(view.before, view.after, column);
      return;
    case 'diffOutputs':
      await diffOutputs(view, intent.left, intent.right, column);
      return;
  }
}

function runById(view: LoadedView, id: string): FinishedRun | undefined {
  return runsOf(view).find((run) => run.record.id === id);
}

async function openCase(view: LoadedView, recordId: string, caseId: string, column: vscode.ViewColumn): Promise<void> {
  const run = runById(view, recordId);
  const evalCase = run?.record.cases.find((c) => c.id === caseId);
  if (!run || !evalCase) return;
  const uri = recordPathUri(run, evalCase.source.file);
  if (!uri) return;
  const { start, end } = evalCase.source.range;
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(start.line, start.column, end.line, end.column), viewColumn: column });
}

/** The working copy itself when it still has the text that ran (editable diff), else the recorded text. */
async function promptSide(side: VersionRun): Promise<vscode.Uri> {
  if (side.revision && side.promptUri) return toUri(gitUri({ file: vscode.Uri.parse(side.promptUri).fsPath, revision: side.revision }));
  if (side.promptUri) {
    const file = vscode.Uri.parse(side.promptUri);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
    const text = open
      ? open.getText()
      : await vscode.workspace.fs.readFile(file).then(
          (b) => new TextDecoder().decode(b),
          () => undefined,
        );
    if (text === side.record.prompt.content) return file;
  }
  return toUri(runUri({ kind: 'prompt', recordId: side.record.id, recordFile: side.file }, side.label, side.record.prompt.path));
}

async function diffPrompts(before: VersionRun, after: VersionRun, column: vscode.ViewColumn): Promise<void> {
  const [left, right] = await Promise.all([promptSide(before), promptSide(after)]);
  const name = after.record.prompt.path.split('/').pop();
  await vscode.commands.executeCommand('vscode.diff', left, right, `${name} (${before.label} ↔ ${after.label})`, { viewColumn: column });
}

function sideLabel(view: LoadedView, ref: ResultRef): string {
  if (view.kind === 'versions') return view.before.record.id === ref.recordId ? view.before.label : view.after.label;
  return ref.model;
}

async function diffOutputs(view: LoadedView, left: ResultRef, right: ResultRef, column: vscode.ViewColumn): Promise<void> {
  const uriOf = (ref: ResultRef) => {
    const run = runById(view, ref.recordId);
    const result = run?.record.results.find((r) => r.caseId === ref.caseId && r.model === ref.model && r.repeat === ref.repeat);
    const json = result?.json !== undefined && result.json !== null && typeof result.json === 'object';
    return toUri(
      runUri({ kind: 'output', recordId: ref.recordId, recordFile: run?.file, caseId: ref.caseId, model: ref.model, repeat: ref.repeat }, sideLabel(view, ref), run?.record.prompt.path ?? '', json),
    );
  };
  const label = runById(view, right.recordId)?.record.cases.find((c) => c.id === right.caseId)?.label ?? right.caseId;
  await vscode.commands.executeCommand('vscode.diff', uriOf(left), uriOf(right), `Output of ${label}: ${sideLabel(view, left)} ↔ ${sideLabel(view, right)}`, { viewColumn: column });
}
