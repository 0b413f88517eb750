import { chatMessages, messageText, type LogEvent } from './loggedCall.js';

// Lines of a JSON Lines log written by an application around its OpenAI calls: either the Chat
// Completions request body itself (`{model, messages, …}`), or `{request, response}` with the
// response as the API returned it (or just its text).

export function isChatLine(value: Record<string, unknown>): boolean {
  return Array.isArray(value.messages) || isObject(value.request);
}

export function chatLineEvents(value: Record<string, unknown>, line: number): LogEvent[] {
  const request = isObject(value.request) ? value.request : value;
  const found = chatMessages(request.messages);
  if ('reason' in found) return [{ problem: { line, reason: found.reason } }];
  const response = 'request' in value ? responseText(value.response) : undefined;
  return [{ call: { line, messages: found.messages, ...(response === undefined ? {} : { response }) } }];
}

/** The answer's text: a string, a Chat Completions response (first choice), or a Responses API `output_text`. */
export function responseText(response: unknown): string | undefined {
  if (typeof response === 'string') return response;
  if (!isObject(response)) return undefined;
  if (typeof response.output_text === 'string') return response.output_text;
  const choice = Array.isArray(response.choices) ? (response.choices[0] as Record<string, unknown> | undefined) : undefined;
  if (!isObject(choice)) return undefined;
  if (typeof choice.text === 'string') return choice.text;
  const message = isObject(choice.message) ? choice.message : undefined;
  if (!message) return undefined;
  const text = messageText(message.content);
  return 'text' in text ? text.text : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
