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
  /** GitHub Models org billing (promptWorkbench.githubOrg). */
  githubOrg?: string;
  /** promptWorkbench.allowHosts from user (or remote machine) settings only: a workspace cannot add hosts. */
  allowHosts?: string[];
  /** promptWorkbench.providerBaseUrls from user settings only. */
  userProviderBaseUrls?: Record<string, string>;
}

/** What `inspect` returns for a setting, in the scopes that matter here. */
export interface InspectedSetting<T> {
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The user's own value of a setting (user or remote-machine settings); a workspace's .vscode/settings.json does not count. */
export function userScopeValue<T>(inspected: InspectedSetting<T> | undefined): T | undefined {
  return inspected?.globalValue;
}

/**
 * Hosts keys may also go to, chosen outside the repository: the allowHosts user setting and the
 * hosts of base URLs set in user settings (the user pointed a provider there themselves).
 */
export function allowedHosts(settings: Pick<ExtensionSettings, 'allowHosts' | 'userProviderBaseUrls'>): string[] {
  const fromBaseUrls = Object.values(settings.userProviderBaseUrls ?? {}).flatMap((url) => {
    try {
      return typeof url === 'string' ? [new URL(url.trim()).host] : [];
    } catch {
      return [];
    }
  });
  return [...(settings.allowHosts ?? []).filter((h) => typeof h === 'string'), ...fromBaseUrls];
}

/**
 * The settings as the core's override layer; `workspaceFolder` anchors a relative results folder.
 * `trusted` is VS Code's workspace trust, the editor's --allow-code: code evaluators run only in a
 * trusted workspace (no setting can turn them on; a workspace's settings.json could set it).
 */
export function settingsOverrides(settings: ExtensionSettings, workspaceFolder: string, trusted = false): Overrides {
  const resultsFolder = settings.resultsFolder?.trim();
  return {
    concurrency: settings.concurrency,
    resultsDir: resultsFolder ? path.resolve(workspaceFolder, resultsFolder) : undefined,
    cache: settings.cache,
    providerBaseUrls: settings.providerBaseUrls,
    githubOrg: settings.githubOrg,
    allowCode: trusted || undefined,
  };
}
