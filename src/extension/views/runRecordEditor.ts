import * as vscode from 'vscode';
import type { Panels } from './panels.js';
import { loadRunFile } from './recordFiles.js';

// A run record (.prompt-workbench/runs/*.json) opens in the results view. The file is rewritten
// while its run is in progress, so the view follows the file as well as the runner's updates.

export const RUN_RECORD_EDITOR = 'promptWorkbench.runRecord';

export function registerRunRecordEditor(panels: Panels): vscode.Disposable {
  const provider: vscode.CustomReadonlyEditorProvider = {
    openCustomDocument: (uri) => ({ uri, dispose: () => {} }),
    async resolveCustomEditor(document, panel) {
      const controller = panels.adopt(panel, { follows: false });
      const load = async () => {
        try {
          const run = await loadRunFile(document.uri.fsPath);
          const current = controller.view();
          // The runner's updates may be ahead of the file; never go back to fewer results.
          if (current?.kind === 'results' && current.run.record.id === run.record.id && current.run.record.results.length > run.record.results.length) return;
          controller.show({ kind: 'results', run });
        } catch (error) {
          controller.fail((error as Error).message);
        }
      };
      await load();
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(document.uri, '..'), document.uri.path.split('/').pop()!));
      let timer: ReturnType<typeof setTimeout> | undefined;
      // Atomic rewrites (temp file + rename) arrive as bursts of events; read once per burst.
      const reload = () => {
        clearTimeout(timer);
        timer = setTimeout(() => void load(), 200);
      };
      const subscriptions = [watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload)];
      panel.onDidDispose(() => {
        clearTimeout(timer);
        for (const s of subscriptions) s.dispose();
      });
    },
  };
  return vscode.window.registerCustomEditorProvider(RUN_RECORD_EDITOR, provider, { supportsMultipleEditorsPerDocument: true });
}
