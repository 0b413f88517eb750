// One chat call found in a log – the messages sent and, when the log has it, the answer – or why
// an entry of the log could not be read as one. Shared by the log formats (chatLog.ts, otlp.ts).

export interface LoggedMessage {
  role: string;
  content: string;
}

export interface LoggedCall {
  /** 1-based line of the log the call is on. */
  line: number;
  /** Where inside the line, when a line holds several calls (an OTLP span). */
  where?: string;
  messages: LoggedMessage[];
  /** The model's answer, when logged. */
  response?: string;
}

export interface LogProblem {
  line: number;
  where?: string;
  reason: string;
}

export type LogEvent = { call: LoggedCall } | { problem: LogProblem };

/** A message's text: a string, or OpenAI's list of parts when every part is text. */
export function messageText(content: unknown): { text: string } | { reason: string } {
  if (typeof content === 'string') return { text: content };
  if (!Array.isArray(content)) return { reason: content === null || content === undefined ? 'has no text content' : 'has content that is not text' };
  let text = '';
  for (const part of content) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const p = part as { type?: unknown; text?: unknown; content?: unknown } | null;
    const value = p?.type === 'text' || p?.type === 'input_text' ? (p.text ?? p.content) : undefined;
    if (typeof value !== 'string') return { reason: `has a ${typeof p?.type === 'string' ? p.type : 'non-text'} part, which a dataset row cannot hold` };
    text += value;
  }
  return { text };
}

/** Messages in OpenAI's shape (`{role, content}`); the first that is not usable says why. */
export function chatMessages(value: unknown): { messages: LoggedMessage[] } | { reason: string } {
  if (!Array.isArray(value)) return { reason: '"messages" is not a list' };
  const messages: LoggedMessage[] = [];
  for (const [i, entry] of value.entries()) {
    const m = entry as { role?: unknown; content?: unknown } | null;
    if (!m || typeof m !== 'object' || typeof m.role !== 'string') return { reason: `message ${i + 1} has no role` };
    const text = messageText(m.content);
    if ('reason' in text) return { reason: `message ${i + 1} (${m.role}) ${text.reason}` };
    messages.push({ role: m.role, content: text.text });
  }
  return { messages };
}
