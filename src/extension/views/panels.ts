import * as vscode from 'vscode';
import type { RunUpdate } from '../run/contracts.js';
import type { UiState } from '../../shared/protocol.js';
import { panelTitle, runsOf, type LoadedView } from './loadedView.js';
import { createPanelController, RESULTS_VIEW_TYPE, type PanelContext, type PanelController } from './panel.js';
import type { RecordStore } from './recordStore.js';
import { promptFileOf } from './recordFiles.js';

// The open views. One panel per prompt file and view kind: showing the same kind again for the
// same prompt reuses it. Results panels follow a prompt's newest run live; run-record editors
// stay on their file; every panel gets the updates of the runs it shows.

export interface Panels {
  open(view: LoadedView): PanelController;
  /** A panel VS Code restored after a reload (serializer) or a custom editor's panel. */
  adopt(panel: vscode.WebviewPanel, options: { restoredUi?: UiState; follows: boolean }): PanelController;
  /**
   * A restored panel's view, once its records are read: shown unless the panel was given a newer
   * view meanwhile; the panel closes when another already shows that view (opened while this one
   * was hidden or loading), so a reload never leaves two of one view.
   */
  restored(controller: PanelController, view: LoadedView): void;
  runUpdated(update: RunUpdate): void;
  /** While > 0 for a prompt file, results panels do not jump to that prompt's new runs (a comparison is running). */
  holdFollow(promptFile: string): vscode.Disposable;
  /** The prompt file of the view in the focused panel, so commands run from a view act on its prompt. */
  activePrompt(): vscode.Uri | undefined;
}

interface Entry {
  controller: PanelController;
  /** Results panels (not run-record editors) switch to newer runs of their prompt. */
  follows: boolean;
}

function keyOf(view: LoadedView): string {
  return `${view.kind}:${promptFileOf(view.kind === 'versions' ? view.after : view.run)}`;
}

export function createPanels(context: PanelContext, store: RecordStore): Panels {
  const entries = new Set<Entry>();
  const held = new Map<string, number>();

  const remember = (view: LoadedView) => runsOf(view).forEach((run) => store.remember(run));
  const shownIds = () =>
    new Set(
      [...entries].flatMap((entry) => {
        const view = entry.controller.view();
        return view ? runsOf(view).map((run) => run.record.id) : [];
      }),
    );
  const prune = () => store.keepOnly(shownIds());

  const track = (controller: PanelController, follows: boolean) => {
    const entry = { controller, follows };
    entries.add(entry);
    controller.onDidDispose(() => {
      entries.delete(entry);
      prune();
    });
    return entry;
  };

  const wrap = (controller: PanelController): PanelController => ({
    ...controller,
    show(view) {
      remember(view);
      controller.show(view);
    },
    update: (update) => controller.update(update),
    view: () => controller.view(),
    fail: (message) => controller.fail(message),
  });

  /** A following panel that shows this view's prompt and kind, or was restored with its title and is still reading its records. */
  const showing = (view: LoadedView, except?: PanelController) =>
    [...entries].find((e) => {
      if (!e.follows || e.controller === except) return false;
      const shown = e.controller.view();
      return shown ? keyOf(shown) === keyOf(view) : e.controller.panel.title === panelTitle(view);
    });

  return {
    open(view) {
      remember(view);
      const existing = showing(view);
      if (existing) {
        existing.controller.show(view);
        existing.controller.panel.reveal(undefined, true);
        return existing.controller;
      }
      // After a reload VS Code revives a background tab's webview only when it is shown; until
      // then no panel exists for it here. Opening a second one beside it would show the view
      // twice: close that tab and open in its place.
      const live = new Set([...entries].map((e) => `${e.controller.panel.viewColumn}:${e.controller.panel.title}`));
      const stale = unrevivedTab(panelTitle(view), (tab) => live.has(`${tab.group.viewColumn}:${tab.label}`));
      if (stale) void vscode.window.tabGroups.close(stale, true);
      const column = stale?.group.viewColumn ?? vscode.ViewColumn.Beside;
      const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, 'Prompt Workbench', { viewColumn: column, preserveFocus: false }, {});
      const controller = wrap(createPanelController(panel, context, { retitle: true }));
      track(controller, true);
      controller.show(view);
      return controller;
    },
    adopt(panel, { restoredUi, follows }) {
      // Restored panels are results or comparisons (retitled); editors are run-record files (kept).
      const controller = wrap(createPanelController(panel, context, { restoredUi, retitle: follows }));
      track(controller, follows);
      return controller;
    },
    restored(controller, view) {
      if (showing(view, controller)?.controller.view()) {
        controller.panel.dispose();
        return;
      }
      if (!controller.view()) controller.show(view);
    },
    runUpdated(update) {
      store.remember(update);
      for (const { controller, follows } of entries) {
        if (controller.update(update)) continue;
        const view = controller.view();
        if (!follows || view?.kind !== 'results') continue;
        const promptFile = promptFileOf(update);
        const sameFile = promptFileOf(view.run) === promptFile;
        const newer = update.record.startedAt > view.run.record.startedAt;
        if (sameFile && newer && !held.get(promptFile)) controller.show({ kind: 'results', run: update });
      }
      prune();
    },
    activePrompt() {
      const view = [...entries].find((e) => e.controller.panel.active)?.controller.view();
      if (!view) return undefined;
      if (view.kind === 'versions' && view.after.promptUri) return vscode.Uri.parse(view.after.promptUri);
      return vscode.Uri.file(promptFileOf(view.kind === 'versions' ? view.after : view.run));
    },
    holdFollow(promptFile) {
      held.set(promptFile, (held.get(promptFile) ?? 0) + 1);
      return new vscode.Disposable(() => held.set(promptFile, (held.get(promptFile) ?? 1) - 1));
    },
  };
}

/** A results-view tab VS Code restored but has not revived (no panel object yet), by its title; `isLive` tells the tabs of panels we hold. */
function unrevivedTab(title: string, isLive: (tab: vscode.Tab) => boolean): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(RESULTS_VIEW_TYPE) && tab.label === title && !isLive(tab));
}
