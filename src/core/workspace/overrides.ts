import path from 'node:path';
import type { ProviderConfig, WorkspaceConfig } from './config.js';

// The settings of a run come from four layers, later ones winning:
//   1. built-in defaults (config.ts DEFAULTS)
//   2. prompt-workbench.yml – shared through the repository, what CI reads
//   3. VS Code settings (promptWorkbench.*) – one user's machine; only values the user set count
//   4. CLI flags – one invocation
// Layers 3 and 4 are both Overrides; the editor passes its settings, the CLI its flags.

export interface Overrides {
  concurrency?: number;
  timeoutMs?: number;
  maxRetries?: number;
  /** Absolute, or relative to the config folder. */
  resultsDir?: string;
  /** Absolute, or relative to the config folder. */
  cacheDir?: string;
  cache?: boolean;
  judgeModel?: string;
  allowOutsideWorkspace?: boolean;
  strict?: boolean;
  /** Base URLs per provider, merged over `providers` (the editor's promptWorkbench.providerBaseUrls). */
  providerBaseUrls?: Readonly<Record<string, string>>;
  /** GitHub Models org billing (CLI --org, the editor's promptWorkbench.githubOrg): providers.github.org. */
  githubOrg?: string;
  /** Code evaluators may run: the CLI's --allow-code, the editor's workspace trust. No config file key. */
  allowCode?: boolean;
  /** Stream every answer and measure time to first token (CLI --stream); else each provider's `stream` setting. */
  stream?: boolean;
}

/** The config a run uses: the file's, with every override applied, and `cache` decided. */
export interface ResolvedConfig extends WorkspaceConfig {
  cache: boolean;
  /** Only an override layer sets it (prompt-workbench.yml has no such key: a repository cannot allow its own code). */
  allowCode?: boolean;
  /** Only an override layer sets it; prompt-workbench.yml streams per provider (`providers.<name>.stream`). */
  stream?: boolean;
}

export function applyOverrides(config: WorkspaceConfig, ...layers: readonly (Overrides | undefined)[]): ResolvedConfig {
  let out: ResolvedConfig = { ...config, cache: true };
  for (const layer of layers) if (layer) out = applyLayer(out, layer);
  return out;
}

function applyLayer(config: ResolvedConfig, o: Overrides): ResolvedConfig {
  const providers: Record<string, ProviderConfig> = { ...config.providers };
  for (const [name, baseURL] of Object.entries(o.providerBaseUrls ?? {})) {
    if (typeof baseURL !== 'string' || baseURL.trim() === '') continue;
    providers[name] = { ...providers[name], baseURL: baseURL.trim() };
  }
  const org = o.githubOrg?.trim();
  if (org) providers.github = { ...providers.github, org };
  return {
    ...config,
    ...(Object.keys(providers).length ? { providers } : {}),
    concurrency: o.concurrency ?? config.concurrency,
    timeoutMs: o.timeoutMs ?? config.timeoutMs,
    maxRetries: o.maxRetries ?? config.maxRetries,
    resultsDir: o.resultsDir?.trim() || config.resultsDir,
    cacheDir: o.cacheDir?.trim() || config.cacheDir,
    cache: o.cache ?? config.cache,
    judgeModel: o.judgeModel ?? config.judgeModel,
    allowOutsideWorkspace: o.allowOutsideWorkspace || config.allowOutsideWorkspace,
    strict: o.strict || config.strict,
    allowCode: o.allowCode || config.allowCode,
    stream: o.stream || config.stream,
  };
}

/** A folder setting, absolute: relative ones are relative to the config folder. */
export function resolveFolder(root: string, folder: string): string {
  return path.resolve(root, folder);
}
