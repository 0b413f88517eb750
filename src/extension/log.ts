import * as vscode from 'vscode';
import type { RequestLogEntry } from '../core/runner.js';
import { redactSecrets } from '../core/providers/redact.js';
import { requestLine } from './requestLog.js';

// The "Prompt Workbench" output channel. Every line passes through the core's redactSecrets: keys
// the extension has seen (SecretStorage, *_API_KEY environment variables) never reach it.

export interface Log extends vscode.Disposable {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  request(entry: RequestLogEntry): void;
  /** Remembers a secret so that any line containing it is scrubbed. */
  addSecret(secret: string | undefined): void;
  show(): void;
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel('Prompt Workbench', { log: true });
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(process.env)) {
    if (value && /(_API_KEY|_TOKEN|_SECRET)$/i.test(name)) secrets.add(value);
  }
  const clean = (text: string) => redactSecrets(text, [...secrets]);
  return {
    info: (message) => channel.info(clean(message)),
    warn: (message) => channel.warn(clean(message)),
    error(message, error) {
      const detail = error instanceof Error ? `: ${error.stack ?? error.message}` : error === undefined ? '' : `: ${typeof error === 'string' ? error : JSON.stringify(error)}`;
      channel.error(clean(`${message}${detail}`));
    },
    // A run of 10,000 cases wrote 10,000 lines, and the workbench laid the open log out again for
    // each batch of them: answered requests are Debug lines (Developer: Set Log Level… shows them).
    request(entry) {
      if (entry.outcome === 'error') channel.warn(clean(requestLine(entry)));
      else if (channel.logLevel !== vscode.LogLevel.Off && channel.logLevel <= vscode.LogLevel.Debug) channel.debug(clean(requestLine(entry)));
    },
    addSecret(secret) {
      if (secret) secrets.add(secret);
    },
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
