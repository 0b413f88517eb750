import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/diagnostics.js';
import type { Sessions, WorkspaceSession } from '../../core/workspace/index.js';
import { CONFIG_FILE } from '../../core/workspace/configFile.js';
import { loadCore } from '../core.js';
import { readText, workspaceFolderOf } from './documents.js';
import { SKIP_GLOB } from './location.js';
import { settingsOverrides, userScopeValue, type ExtensionSettings } from './settings.js';

// The editor's side of the core's workspace session: a session per prompt-workbench.yml (found by
// the core's rule, bounded by the workspace folder), with the promptWorkbench.* settings as the
// override layer, and workspace trust as the permission for code evaluators. Sessions are dropped
// when a config file or a setting changes, and when the workspace becomes trusted.

export interface PromptContext {
  session: WorkspaceSession;
  settings: ExtensionSettings;
}

export interface WorkspaceSessions extends vscode.Disposable {
  forFile(file: string): Promise<PromptContext>;
  /** The session of every workspace folder and of every prompt file seen so far. */
  all(): Promise<WorkspaceSession[]>;
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
    githubOrg: c.get<string>('githubOrg', '').trim() || undefined,
    // Where keys may go is the user's choice, never the workspace's: user-scope values only.
    allowHosts: arrayOf(userScopeValue(c.inspect<string[]>('allowHosts'))),
    userProviderBaseUrls: { ...userScopeValue(c.inspect<Record<string, string>>('providerBaseUrls')) },
  };
}

function arrayOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function createWorkspaceSessions(): WorkspaceSessions {
  const changed = new vscode.EventEmitter<void>();
  const read = new vscode.EventEmitter<{ file: string; diagnostics: Diagnostic[] }>();
  let sessions: Promise<Sessions> | undefined;
  const core = () =>
    (sessions ??= loadCore().then((c) =>
      c.createSessions({
        boundaryOf: workspaceFolderOf,
        overridesFor: (_root, boundary) => [settingsOverrides(readSettings(vscode.Uri.file(boundary)), boundary, vscode.workspace.isTrusted)],
        readText,
        onConfigRead: (file, diagnostics) => read.fire({ file, diagnostics }),
      }),
    ));
  const reset = () => {
    void sessions?.then((s) => s.reset());
    changed.fire();
  };
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`);
  const subscriptions = [
    changed,
    read,
    watcher,
    watcher.onDidChange(reset),
    watcher.onDidCreate(reset),
    watcher.onDidDelete(reset),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('promptWorkbench')) reset();
    }),
    // Trust allows code evaluators: prompts using them are checked again, now allowed.
    vscode.workspace.onDidGrantWorkspaceTrust(reset),
  ];
  return {
    async forFile(file) {
      const session = await (await core()).forFile(file);
      return { session, settings: readSettings(vscode.Uri.file(session.boundary)) };
    },
    async all() {
      const s = await core();
      // Each workspace folder's own session, and one per prompt-workbench.yml anywhere below.
      const configs = await vscode.workspace.findFiles(`**/${CONFIG_FILE}`, SKIP_GLOB, 200);
      const anchors = [...(vscode.workspace.workspaceFolders ?? []).map((f) => vscode.Uri.joinPath(f.uri, CONFIG_FILE)), ...configs];
      for (const uri of anchors) await s.forFile(uri.fsPath);
      return s.opened();
    },
    onDidChange: changed.event,
    onDidReadConfig: read.event,
    dispose: () => {
      for (const s of subscriptions) s.dispose();
    },
  };
}
