import type { ChatMessage } from '../chat.js';
import type { PromptFile } from '../prompt/parse.js';
import type { EvalCase } from '../dataset/row.js';
import { render } from '../template.js';

// The messages of one case: the prompt's messages with the row's variables filled in, the row's
// earlier turns (`_messages`) after the prompt's leading system message(s), and the row's images
// (`_images`) on the last user message.

export function renderMessages(prompt: Pick<PromptFile, 'messages'>, vars: Readonly<Record<string, unknown>>): ChatMessage[] {
  return prompt.messages.map((m) => ({ role: m.role, content: render(m.content, vars) }));
}

export function caseMessages(prompt: Pick<PromptFile, 'messages'>, evalCase: Pick<EvalCase, 'vars' | 'turns' | 'images'>): ChatMessage[] {
  const rendered = renderMessages(prompt, evalCase.vars);
  const turns = evalCase.turns ?? [];
  const leading = rendered.findIndex((m) => m.role !== 'system');
  const split = leading < 0 ? rendered.length : leading;
  const messages = turns.length ? [...rendered.slice(0, split), ...turns.map((t) => ({ role: t.role, content: t.content })), ...rendered.slice(split)] : rendered;
  return evalCase.images?.length ? withImages(messages, evalCase.images) : messages;
}

/** The images go on the last user message; without one, a user message carries them alone. */
function withImages(messages: ChatMessage[], images: readonly string[]): ChatMessage[] {
  const refs = images.map((ref) => ({ ref }));
  let last = -1;
  messages.forEach((m, i) => {
    if (m.role === 'user') last = i;
  });
  if (last < 0) return [...messages, { role: 'user', content: '', images: refs }];
  return messages.map((m, i) => (i === last ? { ...m, images: refs } : m));
}
