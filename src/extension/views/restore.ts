import * as vscode from 'vscode';
import type { FinishedRun } from '../run/contracts.js';
import { isUiState, type PersistedState, type RecordRef } from '../../shared/protocol.js';
import type { LoadedView } from './loadedView.js';
import type { Panels } from './panels.js';
import type { RecordStore } from './recordStore.js';
import { loadRunFile, recordRefPath } from './recordFiles.js';
import { RESULTS_VIEW_TYPE } from './panel.js';

// Panels survive a reload: VS Code hands back the state the webview persisted (which records,
// which filters) and this reads the records again from their files.

function isPersistedState(value: unknown): value is PersistedState {
  const v = value as Partial<PersistedState> | undefined;
  return !!v && typeof v === 'object' && !!v.source && typeof v.source === 'object' && ['results', 'models', 'versions'].includes((v.source as { kind?: string }).kind ?? '');
}

async function loadRef(ref: RecordRef, store: RecordStore): Promise<FinishedRun> {
  const known = store.get(ref.id);
  if (known) return known;
  if (!ref.file) throw new Error('this run wrote no record file, so it cannot be shown again after a reload');
  return loadRunFile(recordRefPath(ref.file));
}

export async function loadPersistedView(state: PersistedState, store: RecordStore): Promise<LoadedView> {
  const { source } = state;
  if (source.kind === 'versions') {
    const [before, after] = await Promise.all([loadRef(source.before, store), loadRef(source.after, store)]);
    return {
      kind: 'versions',
      before: { ...before, label: source.before.label, revision: source.before.revision, promptUri: source.before.promptUri },
      after: { ...after, label: source.after.label, revision: source.after.revision, promptUri: source.after.promptUri },
    };
  }
  return { kind: source.kind, run: await loadRef(source.run, store) };
}

export function registerSerializer(panels: Panels, store: RecordStore): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
    async deserializeWebviewPanel(panel, state: unknown) {
      const restored = isPersistedState(state) ? state : undefined;
      const controller = panels.adopt(panel, { restoredUi: isUiState(restored?.ui) ? restored.ui : undefined, follows: true });
      if (!restored) {
        controller.fail('This view could not be restored: it kept no state. Open it again from the command palette.');
        return;
      }
      try {
        panels.restored(controller, await loadPersistedView(restored, store));
      } catch (error) {
        // A view opened into this panel while it was loading wins over the failure.
        if (!controller.view()) controller.fail(`This view could not be restored: ${(error as Error).message}`);
      }
    },
  });
}
