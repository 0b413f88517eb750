import * as vscode from 'vscode';
import type { Log } from '../log.js';

// API keys per provider in VS Code's SecretStorage (the OS keychain where there is one). The
// environment stays the fallback (the core reads it); neither ever goes to settings or files.

export interface KeyStore {
  get(provider: string): Promise<string | undefined>;
  set(provider: string, key: string): Promise<void>;
  delete(provider: string): Promise<void>;
  has(provider: string): Promise<boolean>;
}

const secretId = (provider: string) => `promptWorkbench.apiKey.${provider}`;
const SIGN_IN = '\u0000github-sign-in';

export function createKeyStore(secrets: vscode.SecretStorage, log: Log): KeyStore {
  const get = async (provider: string) => {
    const key = (await secrets.get(secretId(provider))) || undefined;
    log.addSecret(key);
    return key;
  };
  return {
    get,
    async set(provider, key) {
      log.addSecret(key);
      await secrets.store(secretId(provider), key);
      log.info(`stored an API key for provider "${provider}" in the secret storage`);
    },
    async delete(provider) {
      await secrets.delete(secretId(provider));
      log.info(`removed the stored API key for provider "${provider}"`);
    },
    has: async (provider) => (await get(provider)) !== undefined,
  };
}

export interface ProviderChoice {
  name: string;
  /** The environment variable the core falls back to. */
  keyEnv: string;
}

/** Asks which provider and the key (masked); an empty key removes the stored one. `signIn` offers VS Code's GitHub sign-in for GitHub Models. */
export async function promptForKey(keys: KeyStore, providers: readonly ProviderChoice[], preselect?: string, signIn?: () => Promise<unknown>): Promise<void> {
  const items = await Promise.all(
    providers.map(async (p) => {
      const stored = await keys.has(p.name);
      const fromEnv = !stored && Boolean(process.env[p.keyEnv]);
      return { label: p.name, description: stored ? 'key stored' : fromEnv ? `using $${p.keyEnv}` : 'no key', provider: p.name };
    }),
  );
  const other = { label: 'Other provider…', description: 'a provider from prompt-workbench.yml not listed here', provider: '' };
  const github = { label: '$(github) Sign in to GitHub for GitHub Models', description: "use VS Code's GitHub account instead of a token", provider: SIGN_IN };
  const picked =
    preselect !== undefined
      ? { provider: preselect }
      : await vscode.window.showQuickPick([...(signIn ? [github] : []), ...items, other], {
          title: 'Prompt Workbench: Set API Key',
          placeHolder: 'Which provider is the key for?',
          ignoreFocusOut: true,
        });
  if (!picked) return;
  if (picked.provider === SIGN_IN) {
    await signIn?.();
    return;
  }
  let provider = picked.provider;
  if (!provider) {
    provider =
      (
        await vscode.window.showInputBox({
          title: 'Prompt Workbench: Set API Key',
          prompt: 'Provider name, as in the model ids ("provider/model")',
          ignoreFocusOut: true,
          validateInput: (v) => (/^[A-Za-z0-9][\w.-]*$/.test(v.trim()) ? undefined : 'letters, digits, ".", "_" and "-"'),
        })
      )?.trim() ?? '';
    if (!provider) return;
  }
  const key = await vscode.window.showInputBox({
    title: `Prompt Workbench: API key for ${provider}`,
    prompt: `Stored in VS Code's secret storage, never in settings or files. Leave empty to remove the stored key.`,
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'API key',
  });
  if (key === undefined) return;
  if (key.trim() === '') {
    await keys.delete(provider);
    void vscode.window.showInformationMessage(`Prompt Workbench: removed the stored API key for ${provider}.`);
    return;
  }
  await keys.set(provider, key.trim());
  void vscode.window.showInformationMessage(`Prompt Workbench: stored the API key for ${provider} in VS Code's secret storage.`);
}
