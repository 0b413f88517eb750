import * as vscode from 'vscode';
import type { EvalRunner, ResultsViews } from '../run/contracts.js';
import type { WorkspaceSessions } from '../workspace/sessions.js';
import { compareModelsCommand } from '../viewCommands/compareModels.js';
import { compareRunsCommand } from '../viewCommands/compareRuns.js';
import { compareWithHeadCommand, compareWithRevisionCommand } from '../viewCommands/compareVersions.js';
import { registerContentProviders } from './contentProviders.js';
import { createIntentHandler } from './intents.js';
import { openResultsCommand } from '../viewCommands/openResults.js';
import { createPanels } from './panels.js';
import { createRecordStore } from './recordStore.js';
import { registerSerializer } from './restore.js';
import { registerRunRecordEditor } from './runRecordEditor.js';

// The results and comparison views: what the extension's command map and runner plug into.
// Registers the panel serializer, the run-record editor and the diff documents here; returns the
// views (for the runner's "reveal") and the handlers of the five view commands.

export function createResultsViews(context: vscode.ExtensionContext, sessions: WorkspaceSessions, runner: EvalRunner): { views: ResultsViews; commands: Record<string, (...args: any[]) => unknown> } {
  const store = createRecordStore();
  const toolVersion = String((context.extension?.packageJSON as { version?: string } | undefined)?.version ?? '');
  const report = (error: unknown) => void vscode.window.showErrorMessage(`Prompt Workbench: ${error instanceof Error ? error.message : String(error)}`);
  const panels = createPanels({ extensionUri: context.extensionUri, onIntent: createIntentHandler(toolVersion, report, (run) => runner.recordChanged?.(run)) }, store);

  const views: ResultsViews = {
    openRun: async (run) => void panels.open({ kind: 'results', run }),
    openModelComparison: async (run) => void panels.open({ kind: 'models', run }),
    openVersionComparison: async (before, after) => void panels.open({ kind: 'versions', before, after }),
  };

  context.subscriptions.push(
    registerSerializer(panels, store),
    registerRunRecordEditor(panels),
    ...registerContentProviders(store),
    runner.onDidUpdateRun((update) => panels.runUpdated(update)),
  );

  const guard =
    (handler: (...args: any[]) => Promise<unknown>) =>
    (...args: any[]) =>
      handler(...args).catch(report);

  return {
    views,
    commands: {
      'promptWorkbench.openResults': guard(openResultsCommand(sessions, runner, views, () => panels.activePrompt())),
      'promptWorkbench.compareModels': guard(compareModelsCommand(sessions, runner, views, panels)),
      'promptWorkbench.compareWithRevision': guard(compareWithRevisionCommand(runner, panels)),
      'promptWorkbench.compareWithHead': guard(compareWithHeadCommand(runner, panels)),
      'promptWorkbench.compareRuns': guard(compareRunsCommand(sessions, views)),
    },
  };
}
