import type { RouteDescription } from './registry.js';
import { GITHUB_PROVIDER } from './route.js';

// One line per model saying where it goes and whose key it takes – the CLI's run header and the
// editor's log use the same words. Never the key itself: only where it came from.

const REASONS: Record<RouteDescription['route']['reason'], string> = {
  'github-prefix': 'github: prefix',
  configured: 'configured in prompt-workbench.yml',
  'openai-key': 'OpenAI key or OPENAI_BASE_URL set',
  'openai-via-github': 'no OpenAI key; a GitHub token is there',
  'openai-no-key': 'no OpenAI key, no GitHub token',
  publisher: 'publisher served by GitHub Models',
};

export function routeLine(description: RouteDescription, priceNote?: string): string {
  const { model, route, endpoint, keySource, error } = description;
  const provider = route.provider === GITHUB_PROVIDER ? 'GitHub Models' : route.provider;
  if (error) return `${model} → ${provider} (${REASONS[route.reason]}): cannot run – ${error}`;
  const key = keySource ? `key from ${keySource}` : 'no key';
  const cost = route.provider === GITHUB_PROVIDER ? `; cost: ${priceNote ?? 'n/a (no price known)'}` : '';
  return `${model} → ${provider} ${endpoint} (${REASONS[route.reason]}; ${key}${cost})`;
}
