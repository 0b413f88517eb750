import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { HostMessage } from '../src/shared/protocol.js';
import { createApp } from './app.js';
import { post, savedState, saveState } from './vscodeApi.js';

// Entry of the results / comparison webview. Listens first, then says "ready": the host posts
// nothing before that, so no message is lost while the script loads.

// Lit falls back to <style> elements where constructable stylesheets are missing; give them the
// page's nonce so the CSP (style-src with a nonce, no unsafe-inline) lets them through.
(window as Window & { litNonce?: string }).litNonce = (document.currentScript as HTMLScriptElement | null)?.nonce;

const root = document.getElementById('app');
if (!root) throw new Error('the webview page has no #app element');

const app = createApp(
  root,
  {
    post,
    persist: (source, ui) => saveState({ source, ui }),
    rendered: () => performance.mark('pw-first-render'),
  },
  savedState()?.ui,
);

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (message && typeof message === 'object' && typeof message.type === 'string') app.receive(message);
});

post({ type: 'ready' });
