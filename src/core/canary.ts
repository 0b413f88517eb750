import { createHash } from 'node:crypto';
import type { ChatMessage } from './chat.js';
import { hasKind } from './evaluators/registry.js';
import type { Evaluator } from './evaluators/registry.js';

// Prompt-leak tests: when a case has a `canary` evaluator, a canary token goes into its system
// prompt (a system message is created when there is none) and the evaluator fails when the answer
// repeats it. The token is added after templating, so it is never read as a {{var}}.
//
// It is derived from the system prompt's text (a hash no model can compute back) rather than drawn
// at random each run: identical requests stay identical, so the response cache still answers
// repeated runs, and cases sharing a system prompt share its token and the provider's prefix cache.

const PREFIX = 'PW-CANARY-';
const TOKEN = /PW-CANARY-[0-9a-f]{20}/g;

export function canaryToken(systemText: string): string {
  return `${PREFIX}${createHash('sha256').update(`prompt-workbench canary\u0000${systemText}`).digest('hex').slice(0, 20)}`;
}

/** The messages with a canary token in the system prompt, when the evaluators ask for one. */
export function withCanary(messages: readonly ChatMessage[], evaluators: readonly Evaluator[]): ChatMessage[] {
  if (!hasKind(evaluators, 'canary')) return [...messages];
  const index = messages.findIndex((m) => m.role === 'system');
  const system = index >= 0 ? messages[index].content : '';
  const line = `<!-- ${canaryToken(system)} -->`;
  if (index < 0) return [{ role: 'system', content: line }, ...messages];
  return messages.map((m, i) => (i === index ? { ...m, content: `${m.content}\n\n${line}` } : m));
}

/** The canary token withCanary put into these messages, if any. */
export function canaryOf(messages: readonly ChatMessage[]): string | undefined {
  const system = messages.find((m) => m.role === 'system');
  return system?.content.match(TOKEN)?.pop();
}
