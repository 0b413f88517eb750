import type { PersistedState, WebviewMessage } from '../src/shared/protocol.js';

// The one handle VS Code gives a webview. Typed to the shared protocol so every post is a known
// intent, and to the persisted state the host's panel serializer reads back after a reload.

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): PersistedState | undefined;
  setState(state: PersistedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called once per page load.
const api = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

export function savedState(): PersistedState | undefined {
  return api.getState();
}

export function saveState(state: PersistedState): void {
  api.setState(state);
}
