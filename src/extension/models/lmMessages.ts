import type { ChatMessage, RequestErrorInfo } from '../../core/providers/types.js';

// Adapting chat requests to VS Code's language model API (vscode.lm), which has user and assistant
// turns only, and its errors to the core's RequestError kinds.

export interface LmTurn {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * System messages become the start of the next user turn: the API has no system role, and a
 * leading user turn is how VS Code's own chat participants pass instructions.
 */
export function toLmTurns(messages: readonly ChatMessage[]): LmTurn[] {
  const turns: LmTurn[] = [];
  let pendingSystem: string[] = [];
  for (const m of messages) {
    if (m.role === 'system') {
      pendingSystem.push(m.content);
      continue;
    }
    const content = m.role === 'user' && pendingSystem.length ? `${pendingSystem.join('\n\n')}\n\n${m.content}` : m.content;
    if (m.role === 'user') pendingSystem = [];
    turns.push({ role: m.role, content });
  }
  if (pendingSystem.length) turns.push({ role: 'user', content: pendingSystem.join('\n\n') });
  return turns;
}

/** LanguageModelError codes (NoPermissions, Blocked, NotFound) mapped to retry decisions. */
export function lmErrorInfo(code: string | undefined, message: string, aborted: boolean): RequestErrorInfo {
  if (aborted) return { kind: 'cancelled', message: 'cancelled', retryable: false };
  switch (code) {
    case 'NoPermissions':
      return { kind: 'auth', message: `VS Code language model: no permission (${message}); allow Prompt Workbench to use the model when asked`, retryable: false };
    case 'Blocked':
      return { kind: 'rate-limit', message: `VS Code language model: blocked (${message})`, retryable: true };
    case 'NotFound':
      return { kind: 'config', message: `VS Code language model not found (${message})`, retryable: false };
    default:
      return { kind: 'network', message: `VS Code language model: ${message}`, retryable: true };
  }
}
