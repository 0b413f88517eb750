import path from 'node:path';
import type { Overrides } from '../../core/workspace/overrides.js';

// VS Code settings are one user's overrides on top of prompt-workbench.yml (the file is what the
// CLI and CI read); the core applies them in its documented order (core/workspace/overrides.ts).
// Keys are in neither.

export interface ExtensionSettings {
  defaultModels: string[];
  /** Only when the user set it explicitly; otherwise the workspace file (or the default) decides. */
  concurrency?: number;
  /** Relative to the workspace folder, as the setting says. */
  resultsFolder?: string;
  providerBaseUrls: Record<string, string>;
  cache: boolean;
  estimateOnType: boolean;
}

/** The settings as the core's override layer; `workspaceFolder` anchors a relative results folder. */
export function settingsOverrides(settings: ExtensionSettings, workspaceFolder: string): Overrides {
  const resultsFolder = settings.resultsFolder?.trim();
  return {
    concurrency: settings.concurrency,
    resultsDir: resultsFolder ? path.resolve(workspaceFolder, resultsFolder) : undefined,
    cache: settings.cache,
    providerBaseUrls: settings.providerBaseUrls,
  };
}
