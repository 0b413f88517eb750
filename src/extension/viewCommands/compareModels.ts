import * as vscode from 'vscode';
import { loadCore } from '../core.js';
import type { EvalRunner, ResultsViews } from '../run/contracts.js';
import { openWhenStarted } from './liveOpen.js';
import type { Panels } from '../views/panels.js';
import { mergeCandidates } from './modelCandidates.js';
import { MAX_MODELS, pickModels } from './pickModels.js';
import { promptUriOrPick } from './promptTarget.js';
import { availableLmModels } from '../models/lmProvider.js';
import { normaliseModelId } from '../../core/modelId.js';
import type { WorkspaceSessions } from '../workspace/sessions.js';

// "Compare Models…": run the prompt's cases on 2–6 models and show them side by side.

async function promptModels(uri: vscode.Uri): Promise<string[]> {
  const [core, bytes] = await Promise.all([loadCore(), vscode.workspace.fs.readFile(uri)]);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return core.parsePromptFile(open?.getText() ?? new TextDecoder().decode(bytes), uri.fsPath).prompt?.models ?? [];
}

/** Models prompt-workbench.yml names: its `models` and each provider's `models` (as provider/model). */
async function configuredModels(sessions: WorkspaceSessions, uri: vscode.Uri): Promise<string[]> {
  const { config } = (await sessions.forFile(uri.fsPath)).session;
  return [...(config.models ?? []), ...Object.entries(config.providers ?? {}).flatMap(([name, p]) => (p.models ?? []).map((m) => `${name}/${m}`))].map(normaliseModelId);
}

export function compareModelsCommand(sessions: WorkspaceSessions, runner: EvalRunner, views: ResultsViews, panels: Panels) {
  return async (arg?: unknown): Promise<void> => {
    const uri = await promptUriOrPick(arg, 'Compare models on which prompt?', () => panels.activePrompt());
    if (!uri) return;
    const [inPrompt, latest, catalog, configured, lm] = await Promise.all([
      promptModels(uri).catch(() => []),
      runner.latestRun(uri),
      // GitHub Models' catalog, when the runner can list it (a GitHub token is there); never an error.
      runner.catalogModels?.(uri).catch(() => []) ?? [],
      configuredModels(sessions, uri).catch(() => []),
      availableLmModels().catch(() => []),
    ]);
    const defaults = vscode.workspace.getConfiguration('promptWorkbench', uri).get<string[]>('defaultModels') ?? [];
    const candidates = mergeCandidates([
      { from: 'prompt file', models: inPrompt },
      { from: 'promptWorkbench.defaultModels', models: defaults },
      { from: 'prompt-workbench.yml', models: configured },
      { from: 'last run', models: latest?.record.models ?? [] },
      { from: 'VS Code language model', models: lm },
      { from: 'GitHub Models catalog', models: catalog.map((m) => m.id) },
    ]);
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
