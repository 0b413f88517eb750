import path from 'node:path';
import * as vscode from 'vscode';
import type { RunUpdate } from '../run/contracts.js';
import { isWebviewMessage, type HostMessage, type UiState, type ViewData, type WebviewMessage } from '../../shared/protocol.js';
import { createNonce, webviewHtml } from './html.js';
import { panelTitle, runsOf, toSource, toViewData, withRun, type LoadedView } from './loadedView.js';
import { slimResults } from './slimRecord.js';
import { localImageFiles } from './imageFiles.js';

// One webview (a panel or a custom editor) showing one view. It waits for the page's "ready"
// before posting anything, sends the whole view then, and afterwards only the results that
// arrived since (a run in progress). A reloaded page says "ready" again and gets everything again.

export const RESULTS_VIEW_TYPE = 'promptWorkbench.results';

export interface PanelController {
  readonly panel: vscode.WebviewPanel;
  view(): LoadedView | undefined;
  show(view: LoadedView): void;
  /** Applies a run update if this panel shows that run; true when it did. */
  update(update: RunUpdate): boolean;
  fail(message: string): void;
  readonly onDidDispose: vscode.Event<void>;
}

export interface PanelContext {
  extensionUri: vscode.Uri;
  onIntent(controller: PanelController, message: Exclude<WebviewMessage, { type: 'ready' }>): void;
}

export function webviewOptions(extensionUri: vscode.Uri, imageFolders: readonly string[] = []): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    // The bundle and the stylesheet; from the workspace only the folders of the images a results
    // view shows as thumbnails (imageFiles.ts), which the CSP allows as images only.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media'), ...imageFolders.map((folder) => vscode.Uri.file(folder))],
  };
}

/** `retitle`: name the tab after the view; a run-record editor keeps its file name instead. */
export function createPanelController(panel: vscode.WebviewPanel, context: PanelContext, options: { restoredUi?: UiState; retitle: boolean }): PanelController {
  const webview = panel.webview;
  webview.options = webviewOptions(context.extensionUri);
  webview.html = webviewHtml({
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'webview.css')).toString(),
    title: panel.title,
  });

  let current: LoadedView | undefined;
  let imageFolders = '';

  /** A results view's local images as webview URIs, their folders added to the resource roots. */
  const withImages = (data: ViewData, view: LoadedView): ViewData => {
    if (data.kind !== 'results' || view.kind !== 'results' || !view.run.root) return data;
    const files = localImageFiles(view.run.record, view.run.root);
    if (files.size === 0) return data;
    const folders = [...new Set([...files.values()].map((file) => path.dirname(file)))].sort();
    if (folders.join('\n') !== imageFolders) {
      imageFolders = folders.join('\n');
      webview.options = webviewOptions(context.extensionUri, folders);
    }
    return { ...data, images: Object.fromEntries([...files].map(([key, file]) => [key, webview.asWebviewUri(vscode.Uri.file(file)).toString()])) };
  };
  let failure: string | undefined;
  let ready = false;
  let pendingUi = options.restoredUi;
  /** Results already posted per record id, so a progress message carries only the new ones. */
  const sent = new Map<string, number>();
  const disposed = new vscode.EventEmitter<void>();

  const post = (message: HostMessage) => void webview.postMessage(message);

  const postView = () => {
    if (!ready) return;
    if (failure) return post({ type: 'failure', message: failure });
    if (!current) return;
    post({ type: 'show', view: withImages(toViewData(current), current), source: toSource(current), ui: pendingUi ?? null });
    pendingUi = undefined;
    sent.clear();
    for (const run of runsOf(current)) sent.set(run.record.id, run.record.results.length);
  };

  const controller: PanelController = {
    panel,
    view: () => current,
    show(view) {
      current = view;
      failure = undefined;
      if (options.retitle) panel.title = panelTitle(view);
      postView();
    },
    update(update) {
      if (!current || !runsOf(current).some((run) => run.record.id === update.record.id)) return false;
      current = withRun(current, update);
      if (!ready) return true;
      const from = sent.get(update.record.id) ?? 0;
      const results = update.record.results;
      if (results.length < from) {
        postView();
        return true;
      }
      post({ type: 'runProgress', recordId: update.record.id, from, results: slimResults(results.slice(from)), status: update.record.status, finishedAt: update.record.finishedAt });
      sent.set(update.record.id, results.length);
      return true;
    },
    fail(message) {
      failure = message;
      postView();
    },
    onDidDispose: disposed.event,
  };

  const subscriptions = [
    webview.onDidReceiveMessage((message: unknown) => {
      if (!isWebviewMessage(message)) return;
      if (message.type === 'ready') {
        ready = true;
        postView();
      } else {
        context.onIntent(controller, message);
      }
    }),
    // A hidden webview's page is discarded; it says "ready" again when shown.
    panel.onDidChangeViewState(() => {
      if (!panel.visible) ready = false;
    }),
  ];
  panel.onDidDispose(() => {
    for (const s of subscriptions) s.dispose();
    disposed.fire();
    disposed.dispose();
  });
  return controller;
}
