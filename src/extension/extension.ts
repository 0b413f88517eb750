import * as vscode from 'vscode';
import { createAnalysis } from './analysis/analysis.js';
import { registerCodeLens } from './editor/codeLens.js';
import { hostCommands, missingHandler, registerCommands, type Handler } from './commands/commands.js';
import { registerResultDiagnostics, registerSchemaDiagnostics } from './problems/diagnostics.js';
import { registerDecorations } from './editor/decorations.js';
import { registerTokenHover } from './editor/hover.js';
import { createKeyStore } from './run/keys.js';
import { createLog, type Log } from './log.js';
import { VIEW_COMMANDS } from './commands/commandIds.js';
import { createResultsStore } from './run/results.js';
import { createRunner } from './run/runner.js';
import { registerStatusBar } from './run/statusBar.js';
import { registerTestExplorer } from './testing/testExplorer.js';
import { createResultsViews } from './views/index.js';
import { createWorkspaceSessions } from './workspace/sessions.js';

// Activation wires services and registers providers; it reads no files and loads neither the core
// nor a tokenizer (those load on first use, see core.ts). Each feature starts on its own, so one
// that fails is reported and the rest still work.

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = createLog();
  context.subscriptions.push(log);
  const failed: string[] = [];
  const start = <T>(feature: string, make: () => T): T | undefined => {
    try {
      return make();
    } catch (error) {
      failed.push(feature);
      log.error(`${feature} failed to start`, error);
      return undefined;
    }
  };
  const keep = (d: vscode.Disposable | undefined) => d && context.subscriptions.push(d);

  const services = start('core services', () => {
    const sessions = createWorkspaceSessions();
    const analysis = createAnalysis(sessions, log);
    const results = createResultsStore(log);
    const keys = createKeyStore(context.secrets, log);
    const runner = createRunner({ analysis, results, keys, log, version: String(context.extension.packageJSON.version ?? '0.0.0') });
    context.subscriptions.push(sessions, analysis, results, runner);
    return { sessions, analysis, results, keys, runner };
  });
  if (!services) return report(failed, log, started);
  const { sessions, analysis, results, keys, runner } = services;

  const views = start('results views', () => createResultsViews(context, sessions, runner));
  if (views) runner.setViews(views.views);
  const handlers: Record<string, Handler> = {
    ...Object.fromEntries(VIEW_COMMANDS.map((id) => [id, missingHandler(id)])),
    ...views?.commands,
    ...hostCommands({ sessions, analysis, runner, keys, log }),
  };
  start('commands', () => context.subscriptions.push(...registerCommands(handlers, log)));
  keep(start('diagnostics', () => registerSchemaDiagnostics(analysis, sessions, log)));
  keep(start('eval problems', () => registerResultDiagnostics(analysis, results)));
  keep(start('CodeLens', () => registerCodeLens(analysis, results)));
  keep(start('decorations', () => registerDecorations(analysis, results)));
  keep(start('token hover', () => registerTokenHover(analysis)));
  keep(start('status bar', () => registerStatusBar(runner, analysis)));
  keep(start('Test Explorer', () => registerTestExplorer(analysis, runner, log)));
  // Batch runs submitted earlier (here or on another machine with the same record) are collected
  // once the first prompt file has been analysed – the core is loaded by then; activation never loads it.
  const firstAnalysis = analysis.onDidChange(() => {
    firstAnalysis.dispose();
    void sessions
      .all()
      .then((all) => runner.resumePendingBatches(all))
      .catch((error: unknown) => log.error('looking for pending batch runs failed', error));
  });
  context.subscriptions.push(firstAnalysis);
  report(failed, log, started);
}

function report(failed: readonly string[], log: Log, started: number): void {
  const elapsed = (performance.now() - started).toFixed(1);
  if (!failed.length) {
    log.info(`activated in ${elapsed} ms`);
    return;
  }
  log.error(`activated in ${elapsed} ms, but ${failed.join(', ')} failed to start`);
  void vscode.window.showErrorMessage(`Prompt Workbench: ${failed.join(', ')} failed to start. The rest works; see the log for details.`, 'Show Log').then((choice) => choice && log.show());
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
