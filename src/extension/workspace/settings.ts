import type { WorkspaceConfig } from '../../core/workspace/config.js';

// VS Code settings layered over prompt-workbench.yml: the file is what the CLI and CI read, the
// settings are one user's overrides. Keys are in neither.

export interface ExtensionSettings {
  defaultModels: string[];
  /** Only when the user set it explicitly; otherwise the workspace file (or the default) decides. */
  concurrency?: number;
  resultsFolder?: string;
  providerBaseUrls: Record<string, string>;
  cache: boolean;
  estimateOnType: boolean;
}

export interface EffectiveConfig extends WorkspaceConfig {
  cache: boolean;
}

export function effectiveConfig(config: WorkspaceConfig, settings: ExtensionSettings): EffectiveConfig {
  const providers = { ...config.providers };
  for (const [name, baseURL] of Object.entries(settings.providerBaseUrls)) {
    if (typeof baseURL !== 'string' || baseURL.trim() === '') continue;
    providers[name] = { ...providers[name], baseURL: baseURL.trim() };
  }
  return {
    ...config,
    providers,
    concurrency: settings.concurrency ?? config.concurrency,
    resultsDir: settings.resultsFolder?.trim() || config.resultsDir,
    cache: settings.cache,
  };
}
