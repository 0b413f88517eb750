import * as vscode from 'vscode';
import type { Analysis } from '../analysis/analysis.js';
import { loadCore } from '../core.js';
import { availableLmModels } from './lmProvider.js';
import { usd } from '../format.js';
import { LM_PROVIDER } from './models.js';
import { normaliseModelId } from '../../core/modelId.js';
import { readSettings } from '../workspace/sessions.js';
import type { CatalogModel } from '../../core/providers/catalog.js';

// "Select Models…": the models that prompts naming only their `model` also run. Offers the priced
// models, the workspace's providers' models, VS Code's language models (vscode-lm/<id>) and, with a
// GitHub token, GitHub Models' catalog; stores the choice in the promptWorkbench.defaultModels setting.

export async function selectModels(analysis: Analysis, activeFile?: string, catalog?: (file: string) => Promise<CatalogModel[]>): Promise<void> {
  const core = await loadCore();
  const current = readSettings().defaultModels.map(normaliseModelId);
  const active = activeFile ? analysis.peek(activeFile) : undefined;
  const config = active?.session.config;
  const [lm, github] = await Promise.all([availableLmModels(), activeFile && catalog ? catalog(activeFile).catch(() => []) : []]);
  const fromConfig = [...(config?.models ?? []), ...Object.entries(config?.providers ?? {}).flatMap(([name, p]) => (p.models ?? []).map((m) => `${name}/${m}`))].map(normaliseModelId);
  const priced = Object.keys(core.BUNDLED_PRICING.models);
  const fromCatalog = new Map(github.map((m) => [m.id, m]));
  const all = [...new Set([...current, ...(active?.models ?? []), ...fromConfig, ...lm, ...priced, ...fromCatalog.keys()])];
  const items = all.map((model) => {
    const price = core.priceFor(model, core.pricingWith(config?.pricing));
    const listed = fromCatalog.get(model);
    const description = model.startsWith(`${LM_PROVIDER}/`)
      ? 'VS Code language model (no API key needed)'
      : price
        ? `${usd(price.input)} in / ${usd(price.output)} out per 1M tokens${listed ? ' (OpenAI list price; GitHub Models: free within rate limits)' : ''}`
        : listed
          ? `GitHub Models${listed.publisher ? ` · ${listed.publisher}` : ''}${listed.rateLimitTier ? ` · ${listed.rateLimitTier} rate-limit tier` : ''}`
          : 'no price known';
    return { label: model, description, detail: listed?.summary, picked: current.includes(model) };
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
