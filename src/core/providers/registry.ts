import { defaultKeyEnv, type ProviderConfig, type WorkspaceConfig } from '../workspace/config.js';
import { createOpenAIProvider } from './openai.js';
import { providerName } from '../modelId.js';
import { RequestError, type ChatProvider } from './types.js';

export interface ProviderResolverOptions {
  config: WorkspaceConfig;
  env: NodeJS.ProcessEnv;
  /** Where keys come from first (the extension's SecretStorage); the environment is the fallback. */
  resolveKey?: (provider: string) => Promise<string | undefined>;
  /** Providers that are not HTTP endpoints, such as VS Code's language models (`vscode-lm`). */
  extraProviders?: Record<string, ChatProvider>;
  fetch?: typeof fetch;
}

export interface ProviderResolver {
  /** The provider for a `provider/name` model id; throws a RequestError of kind `config` when it cannot be set up. */
  get(model: string): Promise<ChatProvider>;
}

export { providerName };

export function keyEnvFor(name: string, config: ProviderConfig | undefined): string {
  return config?.apiKeyEnv ?? (name === 'openai' ? 'OPENAI_API_KEY' : defaultKeyEnv(name));
}

const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

export function createProviderResolver(options: ProviderResolverOptions): ProviderResolver {
  const cache = new Map<string, Promise<ChatProvider>>();
  const build = async (name: string): Promise<ChatProvider> => {
    const extra = options.extraProviders?.[name];
    if (extra) return extra;
    const config = options.config.providers?.[name];
    const configError = (message: string) => new RequestError({ kind: 'config', message, retryable: false });
    if (name !== 'openai' && !config) {
      throw configError(`unknown provider "${name}": add it under "providers" in prompt-workbench.yml with its baseURL`);
    }
    const providerConfig: ProviderConfig = { ...config };
    if (name !== 'openai' && !providerConfig.baseURL) throw configError(`provider "${name}" needs a baseURL in prompt-workbench.yml`);
    const keyEnv = keyEnvFor(name, config);
    const key = (await options.resolveKey?.(name)) || options.env[keyEnv] || undefined;
    if (!key && !providerConfig.noApiKey) {
      // Local servers (Ollama, llama.cpp, LM Studio…) need no key; the SDK reads OPENAI_BASE_URL for `openai`.
      const baseURL = providerConfig.baseURL ?? (name === 'openai' ? options.env.OPENAI_BASE_URL : undefined);
      if (baseURL && LOOPBACK.test(baseURL)) providerConfig.noApiKey = true;
      else throw configError(`no API key for provider "${name}": set ${keyEnv}${options.resolveKey ? ' or run "Prompt Workbench: Set API Key…"' : ''}`);
    }
    return createOpenAIProvider({ name, config: providerConfig, apiKey: key, env: options.env, fetch: options.fetch });
  };
  return {
    get(model) {
      const name = providerName(model);
      let provider = cache.get(name);
      if (!provider) {
        provider = build(name);
        cache.set(name, provider);
      }
      return provider;
    },
  };
}
