// Providers whose keys are well known: the environment variables people keep their keys in, and
// the hosts those keys belong to. A key from one of these variables (or from `gh`, or the editor's
// key store) is a credential the user holds for that provider, so it only ever goes to that
// provider's own hosts – never to a base URL a repository's prompt-workbench.yml chose
// (see keyDestination.ts). The README lists them under "Providers and keys".

export interface KnownProvider {
  /** Hosts the provider serves its API from (https). Empty: no fixed host (Azure resources). */
  hosts: readonly string[];
  /** Environment variables that hold its key or token. */
  keys: readonly string[];
  /** The environment variable that points it elsewhere; default `<PROVIDER>_BASE_URL`. */
  baseUrlEnv?: string;
}

export const KNOWN_PROVIDERS: Readonly<Record<string, KnownProvider>> = {
  openai: { hosts: ['api.openai.com'], keys: ['OPENAI_API_KEY'] },
  github: { hosts: ['models.github.ai'], keys: ['GITHUB_TOKEN', 'GH_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN'], baseUrlEnv: 'GITHUB_MODELS_BASE_URL' },
  azure: { hosts: [], keys: ['AZURE_OPENAI_API_KEY', 'AZURE_API_KEY', 'AZURE_AI_API_KEY'] },
  anthropic: { hosts: ['api.anthropic.com'], keys: ['ANTHROPIC_API_KEY'] },
  google: { hosts: ['generativelanguage.googleapis.com'], keys: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] },
  mistral: { hosts: ['api.mistral.ai'], keys: ['MISTRAL_API_KEY'] },
  groq: { hosts: ['api.groq.com'], keys: ['GROQ_API_KEY'] },
  openrouter: { hosts: ['openrouter.ai'], keys: ['OPENROUTER_API_KEY'] },
  deepseek: { hosts: ['api.deepseek.com'], keys: ['DEEPSEEK_API_KEY'] },
  xai: { hosts: ['api.x.ai'], keys: ['XAI_API_KEY'] },
  together: { hosts: ['api.together.xyz'], keys: ['TOGETHER_API_KEY'] },
  fireworks: { hosts: ['api.fireworks.ai'], keys: ['FIREWORKS_API_KEY'] },
  cohere: { hosts: ['api.cohere.com', 'api.cohere.ai'], keys: ['COHERE_API_KEY', 'CO_API_KEY'] },
  perplexity: { hosts: ['api.perplexity.ai'], keys: ['PERPLEXITY_API_KEY'] },
  huggingface: { hosts: ['router.huggingface.co', 'api-inference.huggingface.co'], keys: ['HF_TOKEN', 'HUGGINGFACE_API_KEY'] },
  cerebras: { hosts: ['api.cerebras.ai'], keys: ['CEREBRAS_API_KEY'] },
};

/** A known provider by name; names come from repositories, so inherited keys (`constructor`) never match. */
export function knownProvider(name: string): KnownProvider | undefined {
  return Object.hasOwn(KNOWN_PROVIDERS, name) ? KNOWN_PROVIDERS[name] : undefined;
}

/** The provider a well-known key variable belongs to, or undefined for any other variable. */
export function ownerOfKey(variable: string): string | undefined {
  for (const [name, provider] of Object.entries(KNOWN_PROVIDERS)) if (provider.keys.includes(variable)) return name;
  return undefined;
}

/** Every well-known key variable, for documentation and tests. */
export function wellKnownKeyVariables(): string[] {
  return Object.values(KNOWN_PROVIDERS).flatMap((p) => p.keys);
}

/** `OPENAI_BASE_URL`, `GITHUB_MODELS_BASE_URL`, else `<PROVIDER>_BASE_URL`. */
export function baseUrlEnvFor(provider: string): string {
  return knownProvider(provider)?.baseUrlEnv ?? `${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_BASE_URL`;
}
