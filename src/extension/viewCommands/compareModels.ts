import * as vscode from 'vscode';
import { loadCore } from '../core.js';
import type { EvalRunner, ResultsViews } from '../run/contracts.js';
import { openWhenStarted } from './liveOpen.js';
import type { Panels } from '../views/panels.js';
import { mergeCandidates } from './modelCandidates.js';
import { MIN_MODELS, MAX_MODELS, pickModels } from './pickModels.js';
import { promptUriOrPick } from './promptTarget.js';

// "Compare Models…": run the prompt's cases on 2–6 models and show them side by side.

async function promptModels(uri: vscode.Uri): Promise<string[]> {
  const [core, bytes] = await Promise.all([loadCore(), vscode.workspace.fs.readFile(uri)]);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return core.parsePromptFile(open?.getText() ?? new TextDecoder().decode(bytes), uri.fsPath).prompt?.models ?? [];
}

export function compareModelsCommand(runner: EvalRunner, views: ResultsViews, panels: Panels) {
  return async (arg?: unknown): Promise<void> => {
    const uri = await promptUriOrPick(arg, 'Compare models on which prompt?', () => panels.activePrompt());
    if (!uri) return;
    const [inPrompt, latest, catalog] = await Promise.all([
      promptModels(uri).catch(() => []),
      runner.latestRun(uri),
      // GitHub Models' catalog, when the runner can list it (a GitHub token is there); never an error.
      runner.catalogModels?.(uri).catch(() => []) ?? [],
    ]);
    const defaults = vscode.workspace.getConfiguration('promptWorkbench', uri).get<string[]>('defaultModels') ?? [];
    const candidates = mergeCandidates([
      { from: 'prompt file', models: inPrompt },
      { from: 'promptWorkbench.defaultModels', models: defaults },
      { from: 'last run', models: latest?.record.models ?? [] },
      { from: 'GitHub Models catalog', models: catalog.map((m) => m.id) },
    ]);
    if (candidates.length < MIN_MODELS) {
      void vscode.window.showWarningMessage(
        `Compare Models needs at least ${MIN_MODELS} models; ${vscode.workspace.asRelativePath(uri)} names ${candidates.length}. Add some under "workbench: models:" in the prompt file, or with Prompt Workbench: Select Models….`,
      );
      return;
    }
    const models = await pickModels(candidates, [...inPrompt, ...defaults].slice(0, MAX_MODELS));
    if (!models) return;
    const hold = panels.holdFollow(uri.fsPath);
    const live = openWhenStarted(runner, uri.fsPath, Date.now(), (update) => void views.openModelComparison(update));
    try {
      const run = await runner.run({ uri, models, label: `${models.length} models`, reveal: false });
      if (run) await views.openModelComparison(run);
    } finally {
      live.dispose();
      hold.dispose();
    }
  };
}
