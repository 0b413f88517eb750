import type { ChatMessage } from '../chat.js';
import { findPlaceholders } from '../template.js';

// Recovering a row's variables from a logged request: each prompt message is fixed text with
// `{{name}}` holes, so a logged message that matches splits into the fixed pieces and the values
// between them. Values may hold anything (line breaks included); the fixed text between two holes
// is what separates them. When the fixed text between two holes also occurs inside a value, the
// text splits more than one way: such a message is reported as ambiguous rather than guessed.

export interface MessageTemplate {
  role: ChatMessage['role'];
  /** The fixed text around the holes: one more piece than there are holes. */
  pieces: string[];
  /** The variable of each hole, in order. */
  holes: string[];
}

export interface CompiledTemplate {
  messages: MessageTemplate[];
  /** Every variable, in the order the messages first use them. */
  variables: string[];
}

export type Recovered = { ok: true; vars: Record<string, string> } | { ok: false; reason: string };

/** The prompt's messages as templates, or why they cannot be matched (two holes with nothing between them). */
export function compileTemplate(messages: readonly { role: ChatMessage['role']; content: string }[]): { ok: true; template: CompiledTemplate } | { ok: false; error: string } {
  const compiled: MessageTemplate[] = [];
  const variables: string[] = [];
  for (const [index, message] of messages.entries()) {
    const pieces: string[] = [];
    const holes: string[] = [];
    let at = 0;
    for (const placeholder of findPlaceholders(message.content)) {
      const piece = message.content.slice(at, placeholder.offset);
      if (holes.length && piece === '') {
        const before = holes[holes.length - 1];
        return { ok: false, error: `message ${index + 1} (${message.role}) has {{${before}}}{{${placeholder.name}}} with no text between them, so a logged value cannot be split between the two` };
      }
      pieces.push(piece);
      holes.push(placeholder.name);
      if (!variables.includes(placeholder.name)) variables.push(placeholder.name);
      at = placeholder.offset + placeholder.length;
    }
    pieces.push(message.content.slice(at));
    compiled.push({ role: message.role, pieces, holes });
  }
  return { ok: true, template: { messages: compiled, variables } };
}

/** The variables of a logged conversation, or why it does not match the template. */
export function recoverVars(template: CompiledTemplate, logged: readonly { role: string; content: string }[]): Recovered {
  if (logged.length !== template.messages.length) return { ok: false, reason: `${logged.length} message${logged.length === 1 ? '' : 's'}, the prompt has ${template.messages.length}` };
  const vars: Record<string, string> = {};
  for (const [index, message] of template.messages.entries()) {
    const entry = logged[index];
    const role = entry.role === 'developer' ? 'system' : entry.role;
    const where = `message ${index + 1} (${message.role})`;
    if (role !== message.role) return { ok: false, reason: `${where} is a ${entry.role} message in the log` };
    const split = splitMessage(message, entry.content);
    if (!split.ok) return { ok: false, reason: `${where} ${split.reason}` };
    for (const [i, name] of message.holes.entries()) {
      const value = split.values[i];
      if (Object.hasOwn(vars, name) && vars[name] !== value) return { ok: false, reason: `${where}: {{${name}}} has a different value than where it appears before` };
      Object.defineProperty(vars, name, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return { ok: true, vars };
}

type Split = { ok: true; values: string[] } | { ok: false; reason: string };

/**
 * Splits one message. The earliest and the latest placement of every separator are found in one
 * pass each; a split exists when the earliest fits, and it is the only one when both agree (any
 * other split would place some separator between the two).
 */
export function splitMessage(message: Pick<MessageTemplate, 'pieces' | 'holes'>, text: string): Split {
  const { pieces, holes } = message;
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (holes.length === 0) return text === first ? { ok: true, values: [] } : { ok: false, reason: `differs from the prompt's text ${differenceAt(first, text)}` };
  if (!text.startsWith(first)) return { ok: false, reason: `does not start with the prompt's text ${differenceAt(first, text)}` };
  const tail = text.length - last.length;
  if (tail < first.length || !text.endsWith(last)) return { ok: false, reason: `does not end with the prompt's text ${quote(last)}` };

  const earliest: number[] = [];
  let from = first.length;
  for (let i = 1; i < holes.length; i++) {
    const at = text.indexOf(pieces[i], from);
    if (at < 0 || at + pieces[i].length > tail) return { ok: false, reason: `lacks the text ${quote(pieces[i])} that follows {{${holes[i - 1]}}}` };
    earliest.push(at);
    from = at + pieces[i].length;
  }
  const latest: number[] = new Array<number>(holes.length - 1);
  let until = tail;
  for (let i = holes.length - 1; i >= 1; i--) {
    latest[i - 1] = text.lastIndexOf(pieces[i], until - pieces[i].length);
    until = latest[i - 1];
  }
  const differs = earliest.findIndex((at, i) => at !== latest[i]);
  if (differs >= 0)
    return { ok: false, reason: `is ambiguous: ${quote(pieces[differs + 1])} also occurs inside {{${holes[differs]}}} or {{${holes[differs + 1]}}}, so the text splits more than one way` };

  const values: string[] = [];
  let start = first.length;
  for (let i = 0; i < holes.length; i++) {
    const end = i < earliest.length ? earliest[i] : tail;
    values.push(text.slice(start, end));
    if (i < earliest.length) start = earliest[i] + pieces[i + 1].length;
  }
  return { ok: true, values };
}

function quote(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 37)}…` : text;
  return JSON.stringify(shown);
}

/** `at character 12 ("Translate" ≠ "Summarise")`: where the logged text leaves the fixed text. */
function differenceAt(expected: string, text: string): string {
  let i = 0;
  while (i < expected.length && i < text.length && expected[i] === text[i]) i++;
  return `${quote(expected)} (they differ at character ${i + 1})`;
}
