import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/diagnostics.js';
import { loadCore } from '../core.js';
import type { Log } from '../log.js';
import { configRoot } from './location.js';
import { effectiveConfig, type EffectiveConfig, type ExtensionSettings } from './settings.js';

// Where a prompt file's settings come from: its workspace root (the folder of the nearest
// prompt-workbench.yml), that file, and the promptWorkbench.* settings on top. Cached per root and
// dropped when the file or the settings change.

export const CONFIG_FILE_NAME = 'prompt-workbench.yml';

export interface PromptContext {
  root: string;
  config: EffectiveConfig;
  settings: ExtensionSettings;
}

export interface WorkspaceConfigs extends vscode.Disposable {
  forFile(file: string): Promise<PromptContext>;
  /** Fires when prompt-workbench.yml or a promptWorkbench.* setting changes. */
  readonly onDidChange: vscode.Event<void>;
  /** Problems in the prompt-workbench.yml files read so far, by file. */
  readonly onDidReadConfig: vscode.Event<{ file: string; diagnostics: Diagnostic[] }>;
}

export function readSettings(scope?: vscode.Uri): ExtensionSettings {
  const c = vscode.workspace.getConfiguration('promptWorkbench', scope);
  // "Overrides prompt-workbench.yml when set": only a value the user wrote counts, not the default.
  const explicit = <T>(key: string): T | undefined => {
    const i = c.inspect<T>(key);
    return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
  };
  return {
    defaultModels: c.get<string[]>('defaultModels', []).filter((m) => typeof m === 'string'),
    concurrency: explicit<number>('concurrency'),
    resultsFolder: explicit<string>('resultsFolder'),
    providerBaseUrls: c.get<Record<string, string>>('providerBaseUrls', {}) ?? {},
    cache: c.get<boolean>('cache', true),
    estimateOnType: c.get<boolean>('estimateOnType', true),
  };
}

export function workspaceFolderOf(file: string): string {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? path.dirname(file);
}

export function createWorkspaceConfigs(log: Log): WorkspaceConfigs {
  const changed = new vscode.EventEmitter<void>();
  const read = new vscode.EventEmitter<{ file: string; diagnostics: Diagnostic[] }>();
  const byRoot = new Map<string, Promise<{ config: EffectiveConfig; settings: ExtensionSettings }>>();
  const reset = () => {
    byRoot.clear();
    changed.fire();
  };
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
  const load = async (root: string) => {
    const core = await loadCore();
    const file = path.join(root, CONFIG_FILE_NAME);
    const settings = readSettings(vscode.Uri.file(root));
    try {
      if (!existsSync(file)) return { config: effectiveConfig({ ...core.DEFAULTS }, settings), settings };
      const loaded = core.parseWorkspaceConfig(await readText(file), file);
      read.fire({ file, diagnostics: loaded.diagnostics });
      return { config: effectiveConfig(loaded.config, settings), settings };
    } catch (error) {
      log.error(`cannot read ${file}`, error);
      return { config: effectiveConfig({ ...core.DEFAULTS }, settings), settings };
    }
  };
  return {
    async forFile(file) {
      const root = configRoot(file, workspaceFolderOf(file), (dir) => existsSync(path.join(dir, CONFIG_FILE_NAME)));
      let pending = byRoot.get(root);
      if (!pending) {
        pending = load(root);
        byRoot.set(root, pending);
      }
      return { root, ...(await pending) };
    },
    onDidChange: changed.event,
    onDidReadConfig: read.event,
    dispose: vscode.Disposable.from(
      changed,
      read,
      watcher,
      watcher.onDidChange(reset),
      watcher.onDidCreate(reset),
      watcher.onDidDelete(reset),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('promptWorkbench')) reset();
      }),
    ).dispose,
  };
}

/** Unsaved editor text wins over the file on disk, so checks and runs see what the user sees. */
export async function readText(file: string): Promise<string> {
  return openDocument(file)?.getText() ?? (await readFile(file, 'utf8'));
}

/**
 * The core's readFile hook: an open document's text, else the file's bytes from Node's fs (the core
 * decodes them, and tells a missing file from an unreadable one by Node's error codes). Workspaces
 * are always on disk: virtual workspaces are declared unsupported.
 */
export async function readForCore(file: string): Promise<Uint8Array | string> {
  return openDocument(file)?.getText() ?? (await readFile(file));
}

export function openDocument(file: string): vscode.TextDocument | undefined {
  const wanted = path.resolve(file);
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && path.resolve(d.uri.fsPath) === wanted);
}
