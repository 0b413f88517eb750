import { providerName } from '../modelId.js';

// Which provider answers a model id. `.prompt.yml` files are written for GitHub Models, where a
// model is `publisher/name` (openai/gpt-4.1, meta/…, xai/grok-3-mini) and the whole id goes in the
// request. The rules, first that applies:
//   1. `github:publisher/name` (promptpex's form)            → GitHub Models, `github:` dropped
//   2. a provider configured under `providers:` by that name  → that provider (ollama/…, a proxy)
//   3. `openai/…` with an OpenAI key or OPENAI_BASE_URL       → OpenAI (or that server)
//      `openai/…` with only a GitHub token                    → GitHub Models
//      `openai/…` with neither                                → OpenAI, which says what key is missing
//   4. any other publisher (meta, xai, mistral-ai, microsoft, deepseek, cohere, ai21-labs,
//      anthropic, …)                                          → GitHub Models
// Records keep the id as written; only the request body loses a `github:` prefix.

export const GITHUB_PREFIX = 'github:';
export const GITHUB_PROVIDER = 'github';

export type RouteReason = 'github-prefix' | 'configured' | 'openai-key' | 'openai-via-github' | 'openai-no-key' | 'publisher';

export interface Route {
  /** The provider that sends it: `github`, `openai` or a configured name. */
  provider: string;
  reason: RouteReason;
}

export interface RouteFacts {
  /** A provider of that name is configured (prompt-workbench.yml `providers:`, or the editor's own, like vscode-lm). */
  configured: (name: string) => boolean;
  /** OPENAI_API_KEY or OPENAI_BASE_URL is set (or the key store holds an OpenAI key). */
  openai: boolean;
  /** A GitHub token was found (GITHUB_TOKEN, GH_TOKEN, gh, the key store or the editor's sign-in). */
  githubToken: boolean;
}

export function routeModel(model: string, facts: RouteFacts): Route {
  if (model.startsWith(GITHUB_PREFIX)) return { provider: GITHUB_PROVIDER, reason: 'github-prefix' };
  const name = providerName(model);
  if (facts.configured(name)) return { provider: name, reason: 'configured' };
  if (name === 'openai') {
    if (facts.openai) return { provider: 'openai', reason: 'openai-key' };
    return facts.githubToken ? { provider: GITHUB_PROVIDER, reason: 'openai-via-github' } : { provider: 'openai', reason: 'openai-no-key' };
  }
  return { provider: GITHUB_PROVIDER, reason: 'publisher' };
}

/** Whether routing this model depends on finding a GitHub token (so the lookup, maybe `gh`, runs only then). */
export function routeNeedsGithubToken(model: string, facts: Omit<RouteFacts, 'githubToken'>): boolean {
  return !model.startsWith(GITHUB_PREFIX) && providerName(model) === 'openai' && !facts.configured('openai') && !facts.openai;
}

/** The id GitHub Models expects: the full `publisher/name`, without a `github:` prefix. */
export function githubModelId(model: string): string {
  return model.startsWith(GITHUB_PREFIX) ? model.slice(GITHUB_PREFIX.length) : model;
}
