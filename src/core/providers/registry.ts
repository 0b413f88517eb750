import { defaultKeyEnv, type ProviderConfig, type WorkspaceConfig } from '../workspace/config.js';
import { createOpenAIProvider } from './openai.js';
import { providerName } from '../modelId.js';
import { RequestError, type ChatProvider, type RequestErrorInfo } from './types.js';
import type { FoundKey } from './foundKey.js';
import { checkKeyDestination, type Credential, type DestinationPolicy } from './keyDestination.js';
import { ownerOfKey } from './knownProviders.js';
import { githubTokenOnce, type GithubTokenSources } from './githubToken.js';
import { githubEndpoints } from './githubEndpoints.js';
import { explainGithubError } from './githubErrors.js';
import { GITHUB_PROVIDER, githubModelId, routeModel, routeNeedsGithubToken, type Route, type RouteFacts } from './route.js';
import type { GhCommand } from './gh.js';

export interface ProviderResolverOptions {
  config: WorkspaceConfig;
  env: NodeJS.ProcessEnv;
  /** Where keys come from first (the extension's SecretStorage); the environment is the fallback. */
  resolveKey?: (provider: string) => Promise<string | undefined>;
  /** Providers that are not HTTP endpoints, such as VS Code's language models (`vscode-lm`). */
  extraProviders?: Record<string, ChatProvider>;
  fetch?: typeof fetch;
  /** Hosts the user allowed outside the repository (`--allow-host`, the promptWorkbench.allowHosts user setting). */
  allowHosts?: readonly string[];
  /** `gh` for `gh auth token`; default the one on the environment's PATH; null never asks it. */
  gh?: GhCommand | null;
  /** The editor's GitHub sign-in, never prompting. */
  githubSession?: () => Promise<string | undefined>;
  /** A shared GitHub token lookup (the CLI asks `gh` once for all its sessions); built from the options above when absent. */
  githubToken?: () => Promise<FoundKey | undefined>;
  /** Told every key the resolver reads, so the editor's log can scrub it. */
  onSecret?: (secret: string) => void;
}

/** Where a model goes, for run headers and logs: never the key. */
export interface RouteDescription {
  model: string;
  route: Route;
  /** The provider's endpoint, when it could be set up. */
  endpoint?: string;
  keySource?: string;
  /** Why it cannot run, when it cannot. */
  error?: string;
  errorCode?: RequestErrorInfo['code'];
}

export interface ProviderResolver {
  /** The provider for a model id; throws a RequestError of kind `config` when it cannot be set up (or may not get the key). */
  get(model: string): Promise<ChatProvider>;
  /** Where a model goes and with which key, without sending anything. */
  describe(model: string): Promise<RouteDescription>;
}

export { providerName };

export function keyEnvFor(name: string, config: ProviderConfig | undefined): string {
  return config?.apiKeyEnv ?? (name === 'openai' ? 'OPENAI_API_KEY' : defaultKeyEnv(name));
}

const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;
const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

function configError(message: string, code?: RequestErrorInfo['code']): RequestError {
  return new RequestError({ kind: 'config', message, retryable: false, code });
}

/** `${env:NAME}` references in a provider's headers: their values leave with every request too. */
function headerCredentials(config: ProviderConfig): Credential[] {
  const names = Object.values(config.headers ?? {}).flatMap((value) => [...value.matchAll(/\$\{env:([A-Za-z_]\w*)\}/g)].map((m) => m[1]));
  return names.flatMap((name) => {
    const owner = ownerOfKey(name);
    return owner ? [{ owner, source: `$${name} (in a header)` }] : [];
  });
}

export function createProviderResolver(options: ProviderResolverOptions): ProviderResolver {
  const cache = new Map<string, Promise<ChatProvider>>();
  const policy: DestinationPolicy = { env: options.env, allowHosts: options.allowHosts };
  const sources: GithubTokenSources = { env: options.env, resolveKey: options.resolveKey, gh: options.gh, session: options.githubSession };
  const githubToken = options.githubToken ?? githubTokenOnce(sources);
  const configured = (name: string) => Boolean(options.extraProviders?.[name] || (options.config.providers && Object.hasOwn(options.config.providers, name)));

  /** The key a provider uses: the key store, then its environment variable. */
  const keyFor = async (name: string, config: ProviderConfig | undefined): Promise<FoundKey | undefined> => {
    const stored = await options.resolveKey?.(name);
    if (stored) return { key: stored, source: 'the key store', credential: { owner: name, source: `the stored key for "${name}"` } };
    const variable = keyEnvFor(name, config);
    const value = options.env[variable];
    if (!value) return undefined;
    const owner = ownerOfKey(variable);
    return { key: value, source: `$${variable}`, credential: owner ? { owner, source: `$${variable}` } : undefined };
  };

  const openaiAvailable = async () => Boolean(options.env.OPENAI_BASE_URL || (await keyFor('openai', undefined)));

  const decide = async (model: string): Promise<Route> => {
    const facts: Omit<RouteFacts, 'githubToken'> = { configured, openai: await openaiAvailable() };
    const needsToken = routeNeedsGithubToken(model, facts);
    return routeModel(model, { ...facts, githubToken: needsToken ? Boolean(await githubToken()) : false });
  };
  // Decided once per model: the runner asks for every request.
  const routes = new Map<string, Promise<Route>>();
  const route = (model: string): Promise<Route> => {
    let decided = routes.get(model);
    if (!decided) routes.set(model, (decided = decide(model)));
    return decided;
  };

  /** Refuses before anything is sent when a user's key would go to a host they did not choose. */
  const checkHosts = (name: string, url: string, credentials: readonly Credential[]) => {
    for (const credential of credentials) {
      const refusal = checkKeyDestination(url, name, credential, policy);
      if (refusal) throw configError(refusal, 'host-refused');
    }
  };

  const buildGithub = async (): Promise<ChatProvider> => {
    const config: ProviderConfig = { ...options.config.providers?.github };
    const endpoints = githubEndpoints(config, options.env);
    const found = await githubToken();
    if (!found && !config.noApiKey && !LOOPBACK.test(endpoints.inference)) {
      throw configError(
        `no GitHub token for GitHub Models: set GITHUB_TOKEN (in GitHub Actions with "permissions: models: read"), sign in with "gh auth login"${options.resolveKey ? ', or run "Prompt Workbench: Set API Key…" and sign in to GitHub' : ''}`,
        'no-key',
      );
    }
    if (found) options.onSecret?.(found.key);
    checkHosts(GITHUB_PROVIDER, endpoints.inference, [...(found?.credential ? [found.credential] : []), ...headerCredentials(config)]);
    return createOpenAIProvider({
      name: GITHUB_PROVIDER,
      config: { ...config, baseURL: endpoints.inference, noApiKey: config.noApiKey || !found },
      apiKey: found?.key,
      env: options.env,
      fetch: options.fetch,
      keySource: found?.source,
      bodyModel: githubModelId,
      explainError: (error, cause) => explainGithubError(error, cause, { keySource: found?.source, org: config.org }),
      noBatch: 'GitHub Models has no batch API',
    });
  };

  const build = async (name: string): Promise<ChatProvider> => {
    const extra = options.extraProviders?.[name];
    if (extra) return extra;
    if (name === GITHUB_PROVIDER) return buildGithub();
    const config = options.config.providers?.[name];
    if (name !== 'openai' && !config) {
      throw configError(`unknown provider "${name}": add it under "providers" in prompt-workbench.yml with its baseURL`, 'unknown-provider');
    }
    const providerConfig: ProviderConfig = { ...config };
    if (name !== 'openai' && !providerConfig.baseURL) throw configError(`provider "${name}" needs a baseURL in prompt-workbench.yml`);
    // The SDK reads OPENAI_BASE_URL for `openai`; this is the URL it will use.
    const baseURL = providerConfig.baseURL ?? (name === 'openai' ? options.env.OPENAI_BASE_URL || OPENAI_DEFAULT_BASE_URL : undefined)!;
    const found = providerConfig.noApiKey ? undefined : await keyFor(name, config);
    if (!found && !providerConfig.noApiKey) {
      // Local servers (Ollama, llama.cpp, LM Studio…) need no key.
      if (LOOPBACK.test(baseURL)) providerConfig.noApiKey = true;
      else throw configError(noKeyMessage(name, keyEnvFor(name, config), Boolean(options.resolveKey)), 'no-key');
    }
    if (found) options.onSecret?.(found.key);
    checkHosts(name, baseURL, [...(found?.credential ? [found.credential] : []), ...headerCredentials(providerConfig)]);
    return createOpenAIProvider({ name, config: providerConfig, apiKey: found?.key, env: options.env, fetch: options.fetch, keySource: found?.source });
  };

  const providerFor = (name: string) => {
    let provider = cache.get(name);
    if (!provider) {
      provider = build(name);
      cache.set(name, provider);
    }
    return provider;
  };

  return {
    async get(model) {
      return providerFor((await route(model)).provider);
    },
    async describe(model) {
      const r = await route(model);
      try {
        const provider = await providerFor(r.provider);
        return { model, route: r, endpoint: provider.endpoint, keySource: provider.keySource };
      } catch (error) {
        return { model, route: r, error: (error as Error).message, errorCode: error instanceof RequestError ? error.info.code : undefined };
      }
    },
  };
}

function noKeyMessage(name: string, keyEnv: string, editor: boolean): string {
  const setKey = `set ${keyEnv}${editor ? ' or run "Prompt Workbench: Set API Key…"' : ''}`;
  if (name !== 'openai') return `no API key for provider "${name}": ${setKey}`;
  // openai/… runs on GitHub Models too: say so where people look for the fix.
  return `no API key for provider "openai": ${setKey} for OpenAI, or provide a GitHub token (GITHUB_TOKEN, GH_TOKEN or "gh auth login"${editor ? ', or sign in to GitHub' : ''}) to run it on GitHub Models`;
}
