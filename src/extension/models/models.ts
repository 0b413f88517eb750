import { normaliseModelId } from '../../core/modelId.js';

// Which models a run covers, and the `vscode-lm/<id>` naming for VS Code's own language models.

export const LM_PROVIDER = 'vscode-lm';

export interface PromptModels {
  /** The primary model (`model:`), normalised to provider/name. */
  model?: string;
  /** The primary model followed by `workbench.models`, as the core normalises them. */
  models: readonly string[];
}

/**
 * A prompt that lists `workbench.models` runs exactly those; one that names only its `model` also
 * runs the user's default models (the promptWorkbench.defaultModels setting), so "Select Models…"
 * changes what such files run without editing them.
 */
export function runModels(prompt: PromptModels, defaults: readonly string[]): string[] {
  const namesOthers = prompt.models.some((m) => m !== prompt.model);
  if (namesOthers) return [...prompt.models];
  return [...new Set([...prompt.models, ...defaults.map(normaliseModelId).filter(Boolean)])];
}

export function lmModelId(id: string): string {
  return `${LM_PROVIDER}/${id}`;
}

/** The VS Code model id inside `vscode-lm/<id>`, or undefined for other providers. */
export function lmInnerId(model: string): string | undefined {
  return model.startsWith(`${LM_PROVIDER}/`) ? model.slice(LM_PROVIDER.length + 1) : undefined;
}
