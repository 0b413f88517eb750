import path from 'node:path';
import * as vscode from 'vscode';
import type { Analysis } from '../analysis/analysis.js';
import { loadCore } from '../core.js';
import { lmCounters } from '../models/lmProvider.js';
import { promptForKey, type KeyStore } from '../run/keys.js';
import { errorMessage, type Log } from '../log.js';
import { COMMANDS, isCommandId, type CommandId, type HostCommandId } from './commandIds.js';
import { estimateDetail, estimateSummary } from '../editor/estimateText.js';
import { addTestCase } from './addTestCase.js';
import { isPromptFile, itemAtLine, PROMPT_GLOB, SKIP_GLOB } from '../workspace/location.js';
import type { WorkspaceSessions } from '../workspace/sessions.js';
import { selectModels } from '../models/modelPicker.js';
import { signInToGithub } from '../models/githubAuth.js';
import type { Runner } from '../run/runner.js';
import { generateRowsFor, importRowsFromLog } from '../datasets/datasetCommands.js';

// Every command the extension registers comes through one map: the run machinery's handlers here,
// the views' handlers from src/extension/views and src/extension/viewCommands. registerCommands wraps each so a failure is
// shown and logged instead of vanishing.

export type Handler = (...args: any[]) => unknown;

export interface CommandDeps {
  sessions: WorkspaceSessions;
  analysis: Analysis;
  runner: Runner;
  keys: KeyStore;
  log: Log;
}

export function hostCommands(deps: CommandDeps): Record<HostCommandId, Handler> {
  const { sessions, analysis, runner, keys, log } = deps;
  return {
    'promptWorkbench.runEval': async (arg?: unknown) => {
      const file = await promptFileFor(arg, analysis);
      if (file) await runner.run({ uri: vscode.Uri.file(file) });
    },
    'promptWorkbench.runEvalAsBatch': async (arg?: unknown) => {
      const file = await promptFileFor(arg, analysis);
      if (file) await runner.run({ uri: vscode.Uri.file(file), batch: true });
    },
    'promptWorkbench.runAllEvals': async () => {
      const files = (await vscode.workspace.findFiles(PROMPT_GLOB, SKIP_GLOB)).map((u) => u.fsPath).sort();
      if (!files.length) return void vscode.window.showInformationMessage('Prompt Workbench: no .prompt.yml files in this workspace.');
      await runner.runAll(files);
    },
    'promptWorkbench.runCase': async (arg?: unknown, caseId?: unknown) => {
      const file = await promptFileFor(arg, analysis);
      if (file && typeof caseId === 'string') await runner.run({ uri: vscode.Uri.file(file), caseIds: [caseId] });
    },
    'promptWorkbench.addTestCase': async (arg?: unknown) => {
      const file = await promptFileFor(arg, analysis);
      if (file) await addTestCase(file);
    },
    'promptWorkbench.runCaseAtCursor': async () => {
      const target = await caseAtCursor(analysis);
      if (target) await runner.run({ uri: vscode.Uri.file(target.file), caseIds: [target.caseId] });
    },
    'promptWorkbench.importRowsFromLog': async (arg?: unknown) => {
      const file = await promptFileFor(arg, analysis);
      if (file) await importRowsFromLog(file, { analysis, log, providers: (f) => runner.providersForFile(f) });
    },
    'promptWorkbench.generateRows': async (arg?: unknown) => {
      const file = await promptFileFor(arg, analysis);
      if (file) await generateRowsFor(file, { analysis, log, providers: (f) => runner.providersForFile(f) });
    },
    'promptWorkbench.estimateCost': async (arg?: unknown) => {
      const file = await promptFileFor(arg, analysis);
      if (file) await showEstimate(file, analysis, runner);
    },
    'promptWorkbench.setApiKey': async (provider?: unknown) => {
      await promptForKey(keys, await providerChoices(sessions), typeof provider === 'string' ? provider : undefined, signInToGithub);
    },
    'promptWorkbench.clearCache': async () => {
      const core = await loadCore();
      const dirs = new Set((await sessions.all()).map((s) => s.cacheDir));
      for (const dir of dirs) await core.clearCache(dir);
      log.info(`cleared the response cache: ${[...dirs].join(', ')}`);
      void vscode.window.showInformationMessage(`Prompt Workbench: cleared the response cache (${[...dirs].map((d) => vscode.workspace.asRelativePath(d)).join(', ')}).`);
    },
    'promptWorkbench.selectModels': async () => {
      const doc = vscode.window.activeTextEditor?.document;
      await selectModels(analysis, doc && isPromptFile(doc.uri.fsPath) ? doc.uri.fsPath : undefined, (file) => runner.catalogModels(vscode.Uri.file(file)));
    },
    'promptWorkbench.cancelRun': () => runner.cancelAll(),
    'promptWorkbench.showLog': () => log.show(),
  };
}

/** Registers each handler under its id, reporting any failure; warns about ids package.json lacks. */
export function registerCommands(handlers: Record<string, Handler>, log: Log): vscode.Disposable[] {
  for (const id of COMMANDS) if (!handlers[id]) log.warn(`no handler for ${id}`);
  return Object.entries(handlers).map(([id, handler]) => {
    if (!isCommandId(id)) log.warn(`${id} is registered but not contributed in package.json`);
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        log.error(`${id} failed`, error);
        void vscode.window.showErrorMessage(`Prompt Workbench: ${errorMessage(error)}`, 'Show Log').then((choice) => choice && log.show());
        return undefined;
      }
    });
  });
}

export function missingHandler(id: CommandId): Handler {
  return () => void vscode.window.showWarningMessage(`Prompt Workbench: ${id} is not available in this build.`);
}

/**
 * The prompt file a command acts on: the argument (CodeLens, menus), else the active editor. From a
 * dataset file, the prompt that uses it (asking when several do).
 */
async function promptFileFor(arg: unknown, analysis: Analysis): Promise<string | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.file(arg) : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') {
    void vscode.window.showInformationMessage('Prompt Workbench: open a .prompt.yml file first.');
    return undefined;
  }
  if (isPromptFile(uri.fsPath)) return uri.fsPath;
  if (!analysis.discovered) await analysis.discover();
  const users = analysis.promptsUsing(uri.fsPath);
  if (users.length <= 1) {
    if (!users.length) void vscode.window.showInformationMessage(`Prompt Workbench: ${path.basename(uri.fsPath)} is not a .prompt.yml file or a dataset one uses.`);
    return users[0];
  }
  const picked = await vscode.window.showQuickPick(
    users.map((file) => ({ label: vscode.workspace.asRelativePath(file), file })),
    { placeHolder: 'Several prompts use this dataset; which one?' },
  );
  return picked?.file;
}

async function caseAtCursor(analysis: Analysis): Promise<{ file: string; caseId: string } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme !== 'file') return void vscode.window.showInformationMessage('Prompt Workbench: put the cursor on a dataset row first.');
  const file = editor.document.uri.fsPath;
  if (!isPromptFile(file) && !analysis.discovered) await analysis.discover();
  const line = editor.selection.active.line;
  const found = [];
  for (const prompt of analysis.promptsUsing(file)) {
    const a = await analysis.analyzeNow(prompt);
    const hit = itemAtLine(
      a.prepared.cases.map((c) => ({ id: c.id, file: c.source.file, range: c.source.range })),
      file,
      line,
    );
    if (hit) found.push({ file: prompt, caseId: hit.id });
  }
  if (found.length <= 1) {
    if (!found.length) void vscode.window.showInformationMessage('Prompt Workbench: the cursor is not on a case (a testData row or a dataset row).');
    return found[0];
  }
  const picked = await vscode.window.showQuickPick(
    found.map((f) => ({ label: vscode.workspace.asRelativePath(f.file), ...f })),
    { placeHolder: 'Several prompts use this row; run it with which one?' },
  );
  return picked;
}

async function showEstimate(file: string, analysis: Analysis, runner: Runner): Promise<void> {
  const a = await analysis.analyzeNow(file);
  if (!a.prepared.parsed.prompt || a.blocking.length) {
    void vscode.window.showErrorMessage(`Prompt Workbench: fix the problems in ${path.basename(file)} first (see Problems).`);
    return;
  }
  const core = await loadCore();
  // Judge models are priced and counted like the prompt's own.
  const models = await core.estimatedModels(a.session, a.prepared, a.models);
  const priceNotes = await runner.priceNotes(vscode.Uri.file(file), models);
  const estimate = await core.estimatePrepared(a.session, a.prepared, { models: a.models, counters: await lmCounters(models), priceNotes });
  if (!estimate) return;
  const pricing = core.pricingWith(a.session.config.pricing);
  const notes = [...estimate.models, ...(estimate.judges?.models ?? [])].flatMap((m) => (m.priceNote ? [`${m.model} runs on GitHub Models: cost at ${m.priceNote}.`] : []));
  await vscode.window.showInformationMessage(`${path.basename(file)}: ${estimateSummary(estimate)}`, { modal: true, detail: [estimateDetail(estimate, pricing), ...notes].join('\n') });
}

async function providerChoices(sessions: WorkspaceSessions): Promise<{ name: string; keyEnv: string }[]> {
  const core = await loadCore();
  const names = new Map<string, string>([
    ['openai', 'OPENAI_API_KEY'],
    ['github', 'GITHUB_TOKEN'],
  ]);
  for (const session of await sessions.all()) {
    for (const [name, provider] of Object.entries(session.config.providers ?? {})) {
      if (!provider.noApiKey && name !== 'github') names.set(name, core.keyEnvFor(name, provider));
    }
  }
  return [...names].map(([name, keyEnv]) => ({ name, keyEnv }));
}
