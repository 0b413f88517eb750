import * as vscode from 'vscode';
import type { Analysis } from '../analysis/analysis.js';
import { loadCore } from '../core.js';
import { availableLmModels } from './lmProvider.js';
import { usd } from '../format.js';
import { LM_PROVIDER } from './models.js';
import { normaliseModelId } from '../../core/modelId.js';
import { readSettings } from '../workspace/sessions.js';

// "Select Models…": the models that prompts naming only their `model` also run. Offers the priced
// models, the workspace's providers' models and VS Code's language models (vscode-lm/<id>), and
// stores the choice in the promptWorkbench.defaultModels setting.

export async function selectModels(analysis: Analysis, activeFile?: string): Promise<void> {
  const core = await loadCore();
  const current = readSettings().defaultModels.map(normaliseModelId);
  const active = activeFile ? analysis.peek(activeFile) : undefined;
  const config = active?.session.config;
  const lm = await availableLmModels();
  const fromConfig = [...(config?.models ?? []), ...Object.entries(config?.providers ?? {}).flatMap(([name, p]) => (p.models ?? []).map((m) => `${name}/${m}`))].map(normaliseModelId);
  const priced = Object.keys(core.BUNDLED_PRICING.models);
  const all = [...new Set([...current, ...(active?.models ?? []), ...fromConfig, ...lm, ...priced])];
  const items = all.map((model) => {
    const price = core.priceFor(model, core.pricingWith(config?.pricing));
    const description = model.startsWith(`${LM_PROVIDER}/`)
      ? 'VS Code language model (no API key needed)'
      : price
        ? `${usd(price.input)} in / ${usd(price.output)} out per 1M tokens`
        : 'no price known';
    return { label: model, description, picked: current.includes(model) };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Prompt Workbench: default models',
    placeHolder: 'Models to run besides each prompt’s own model (prompts that list workbench.models run exactly those)',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked) return;
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('promptWorkbench').update(
    'defaultModels',
    picked.map((p) => p.label),
    target,
  );
}
