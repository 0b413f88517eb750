import type { RequestMessage, ToolCall, ToolChoice } from '../chat.js';
import type { ProviderConfig } from '../workspace/config.js';
import { modelName } from '../modelId.js';

// The core's messages, tool choice and function calls in the Chat Completions wire shapes, and back:
// images as `image_url` content parts after the text, the calls of a tool loop as `tool_calls` and
// `tool` messages, and the calls of a streamed answer put together from their deltas.

export function apiMessages(messages: readonly RequestMessage[]): unknown[] {
  return messages.map((m) => {
    if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    if ('toolCalls' in m) {
      return {
        role: 'assistant',
        content: m.content || null,
        tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
      };
    }
    if (!m.images?.length) return { role: m.role, content: m.content };
    const text = m.content ? [{ type: 'text', text: m.content }] : [];
    return { role: m.role, content: [...text, ...m.images.map((image) => ({ type: 'image_url', image_url: { url: image.url ?? image.ref } }))] };
  });
}

export function apiToolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.function } };
}

interface ApiToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

/** The function calls of a (non-streamed) answer. */
export function replyToolCalls(calls: readonly ApiToolCall[] | null | undefined): ToolCall[] {
  return (calls ?? []).filter((c) => c.function?.name).map((c) => ({ id: c.id ?? '', name: c.function!.name!, arguments: c.function!.arguments ?? '' }));
}

interface ToolCallDelta extends ApiToolCall {
  index: number;
}

/** Streamed calls arrive in pieces by index: the id and name first, then the arguments in fragments. */
export function toolCallCollector(): { add(deltas: readonly ToolCallDelta[]): void; done(): ToolCall[] } {
  const byIndex = new Map<number, ToolCall>();
  return {
    add(deltas) {
      for (const d of deltas) {
        const call = byIndex.get(d.index) ?? { id: '', name: '', arguments: '' };
        if (d.id) call.id = d.id;
        if (d.function?.name) call.name += d.function.name;
        if (d.function?.arguments) call.arguments += d.function.arguments;
        byIndex.set(d.index, call);
      }
    },
    done: () =>
      [...byIndex.entries()]
        .sort(([a], [b]) => a - b)
        .map(([, call]) => call)
        .filter((call) => call.name),
  };
}

/** A provider's `stream` setting: true for all its models, or a list of the model names that stream. */
export function streamsModel(config: Pick<ProviderConfig, 'stream'>, model: string): boolean {
  const setting = config.stream;
  if (Array.isArray(setting)) return setting.includes(modelName(model)) || setting.includes(model);
  return setting === true;
}
