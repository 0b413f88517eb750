import type { ProviderConfig } from '../workspace/config.js';
import { baseUrlEnvFor } from './knownProviders.js';

// GitHub Models' URLs. The inference base is `https://models.github.ai/inference` (chat
// completions at `<base>/chat/completions`); org billing uses `<root>/orgs/<org>/inference` and the
// catalog `<root>/catalog/models`, where the root is the base without its trailing `/inference`.
// providers.github.baseURL in prompt-workbench.yml, else GITHUB_MODELS_BASE_URL, replaces the
// default (GHES, proxies, tests).

export const GITHUB_MODELS_BASE_URL = 'https://models.github.ai/inference';

export interface GithubEndpoints {
  /** The base URL of chat completions (the org's when billing goes to an organisation). */
  inference: string;
  catalog: string;
}

export function githubEndpoints(config: ProviderConfig | undefined, env: NodeJS.ProcessEnv): GithubEndpoints {
  const base = (config?.baseURL || env[baseUrlEnvFor('github')] || GITHUB_MODELS_BASE_URL).replace(/\/+$/, '');
  const root = base.replace(/\/inference$/, '');
  const org = config?.org?.trim();
  return {
    inference: org ? `${root}/orgs/${encodeURIComponent(org)}/inference` : base,
    catalog: `${root}/catalog/models`,
  };
}
