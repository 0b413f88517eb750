import path from 'node:path';
import * as vscode from 'vscode';
import type { RunUpdate } from '../run/contracts.js';
import { isWebviewMessage, type HostMessage, type UiState, type ViewData, type WebviewMessage } from '../../shared/protocol.js';
import { pagedView, type PagedView } from '../../shared/pagedView.js';
import { createNonce, webviewHtml } from './html.js';
import { panelTitle, runsOf, toViewData, toSource, withRun, type LoadedView } from './loadedView.js';
import { localImageFiles } from './imageFiles.js';

// One webview (a panel or a custom editor) showing one view. It waits for the page's "ready"
// before posting anything, then posts the view's frame (titles, columns, summary); the page asks
// for the rows it shows and for a row's details. A run in progress posts a new frame at most every
// LIVE_FRAME_MS, and less often when building the view takes long, so a big run keeps the
// extension host mostly free. A reloaded page says "ready" again and gets the frame again.

const LIVE_FRAME_MS = 400;
/** A live view is rebuilt at most this share of the time: its build cost × this ≥ the interval. */
const LIVE_BUILD_FACTOR = 10;

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

/** What a page asks that the panel answers itself (the rest are intents for the extension). */
export type Query = Extract<WebviewMessage, { type: 'ready' | 'rows' | 'details' }>;

export interface PanelContext {
  extensionUri: vscode.Uri;
  onIntent(controller: PanelController, message: Exclude<WebviewMessage, Query>): void;
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
  /** The view the page shows; `stale` once the records changed and a new frame is due. */
  let paged: PagedView | undefined;
  let stale = true;
  let buildMs = 0;
  let lastFrame = 0;
  let frameTimer: ReturnType<typeof setTimeout> | undefined;
  const disposed = new vscode.EventEmitter<void>();

  const post = (message: HostMessage) => void webview.postMessage(message);

  const build = (view: LoadedView): PagedView => {
    if (paged && !stale) return paged;
    const started = performance.now();
    paged = pagedView(withImages(toViewData(view), view));
    buildMs = performance.now() - started;
    stale = false;
    return paged;
  };

  const postView = () => {
    clearTimeout(frameTimer);
    frameTimer = undefined;
    if (!ready) return;
    if (failure) return post({ type: 'failure', message: failure });
    if (!current) return;
    lastFrame = performance.now();
    post({ type: 'show', frame: build(current).frame, source: toSource(current), ui: pendingUi ?? null });
    pendingUi = undefined;
  };

  const postViewSoon = () => {
    if (frameTimer) return;
    const interval = Math.max(LIVE_FRAME_MS, buildMs * LIVE_BUILD_FACTOR);
    frameTimer = setTimeout(postView, Math.max(0, interval - (performance.now() - lastFrame)));
  };

  const answer = (message: Query) => {
    if (message.type === 'ready') {
      ready = true;
      postView();
    } else if (message.type === 'rows') {
      if (paged) post(paged.page(message));
    } else {
      post({ type: 'details', key: message.key, details: paged?.details(message.key) ?? null });
    }
  };

  const controller: PanelController = {
    panel,
    view: () => current,
    show(view) {
      current = view;
      stale = true;
      failure = undefined;
      if (options.retitle) panel.title = panelTitle(view);
      if (ready) return postView();
      // Built in the next task, so the page loads while the view model is built.
      setTimeout(() => current === view && !failure && build(view), 0);
    },
    update(update) {
      if (!current || !runsOf(current).some((run) => run.record.id === update.record.id)) return false;
      current = withRun(current, update);
      stale = true;
      if (update.record.status === 'running') postViewSoon();
      else postView();
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
      if (message.type === 'ready' || message.type === 'rows' || message.type === 'details') answer(message);
      else context.onIntent(controller, message);
    }),
    // A hidden webview's page is discarded; it says "ready" again when shown.
    panel.onDidChangeViewState(() => {
      if (!panel.visible) ready = false;
    }),
  ];
  panel.onDidDispose(() => {
    clearTimeout(frameTimer);
    for (const s of subscriptions) s.dispose();
    disposed.fire();
    disposed.dispose();
  });
  return controller;
}
