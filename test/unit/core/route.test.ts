import test from 'node:test';
import assert from 'node:assert/strict';
import { githubModelId, routeModel, routeNeedsGithubToken, type RouteFacts } from '../../../src/core/providers/route.js';

// The routing table, one row per rule and per fact that changes the answer.

const none = () => false;
const facts = (over: Partial<RouteFacts> = {}): RouteFacts => ({ configured: none, openai: false, githubToken: false, ...over });
const configuredAs =
  (...names: string[]) =>
  (name: string) =>
    names.includes(name);

test('routing table: every rule, first that applies', () => {
  const rows: [string, Partial<RouteFacts>, string, string][] = [
    // 1. github: prefix → GitHub Models, whatever else is configured or set
    ['github:openai/gpt-4.1-mini', {}, 'github', 'github-prefix'],
    ['github:openai/gpt-4.1-mini', { openai: true, configured: configuredAs('openai') }, 'github', 'github-prefix'],
    ['github:meta/Llama-3.3-70B-Instruct', {}, 'github', 'github-prefix'],
    // 2. a provider configured under that name → it
    ['ollama/llama3.2', { configured: configuredAs('ollama') }, 'ollama', 'configured'],
    ['meta/llama', { configured: configuredAs('meta') }, 'meta', 'configured'],
    ['openai/gpt-4.1', { configured: configuredAs('openai'), githubToken: true }, 'openai', 'configured'],
    ['vscode-lm/copilot-gpt-4o', { configured: configuredAs('vscode-lm') }, 'vscode-lm', 'configured'],
    // 3. openai/… → OpenAI with a key or base URL, else GitHub Models with a token, else OpenAI (which says what is missing)
    ['openai/gpt-4.1', { openai: true }, 'openai', 'openai-key'],
    ['openai/gpt-4.1', { openai: true, githubToken: true }, 'openai', 'openai-key'],
    ['openai/gpt-4.1', { githubToken: true }, 'github', 'openai-via-github'],
    ['openai/gpt-4.1', {}, 'openai', 'openai-no-key'],
    ['gpt-4o', { githubToken: true }, 'github', 'openai-via-github'],
    // 4. every other publisher not configured → GitHub Models
    ['meta/Llama-3.3-70B-Instruct', {}, 'github', 'publisher'],
    ['xai/grok-3-mini', { openai: true }, 'github', 'publisher'],
    ['anthropic/claude-sonnet-4', {}, 'github', 'publisher'],
    ['mistral-ai/mistral-small-2503', {}, 'github', 'publisher'],
    ['microsoft/phi-4', {}, 'github', 'publisher'],
    ['deepseek/DeepSeek-R1', {}, 'github', 'publisher'],
    ['cohere/cohere-command-a', {}, 'github', 'publisher'],
    ['ai21-labs/ai21-jamba-1.5-large', {}, 'github', 'publisher'],
    ['nowhere/model', {}, 'github', 'publisher'],
  ];
  for (const [model, given, provider, reason] of rows) {
    assert.deepEqual(routeModel(model, facts(given)), { provider, reason }, `${model} with ${JSON.stringify({ ...given, configured: undefined })}`);
  }
});

test('the GitHub token is looked up only when it decides an openai/… route', () => {
  assert.equal(routeNeedsGithubToken('openai/gpt-4.1', { configured: none, openai: false }), true);
  assert.equal(routeNeedsGithubToken('openai/gpt-4.1', { configured: none, openai: true }), false);
  assert.equal(routeNeedsGithubToken('openai/gpt-4.1', { configured: configuredAs('openai'), openai: false }), false);
  assert.equal(routeNeedsGithubToken('meta/llama', { configured: none, openai: false }), false, 'GitHub Models either way');
  assert.equal(routeNeedsGithubToken('github:openai/gpt-4.1', { configured: none, openai: false }), false);
});

test('GitHub Models gets the full publisher/model id, without a github: prefix', () => {
  assert.equal(githubModelId('openai/gpt-4.1'), 'openai/gpt-4.1');
  assert.equal(githubModelId('github:openai/gpt-4.1-mini'), 'openai/gpt-4.1-mini');
  assert.equal(githubModelId('meta/Llama-3.3-70B-Instruct'), 'meta/Llama-3.3-70B-Instruct');
});
