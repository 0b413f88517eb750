/**
 * Token counts for the test server's `usage` block.
 *
 * What is counted (the main code base's estimator must do exactly the same for estimate and
 * actual to agree):
 *
 * - Encoding: the model name is looked up in gpt-tokenizer's `modelToEncodingMap`. A leading
 *   provider prefix (`openai/gpt-4o`, the GitHub Models spelling used in `.prompt.yml`) is dropped
 *   before the lookup. Models gpt-tokenizer does not know use `o200k_base`.
 * - prompt_tokens: gpt-tokenizer's `computeChatCompletionTokenCount({ messages })`, the very function
 *   a model module's `countChatCompletionTokens` calls (OpenAI cookbook formula):
 *     per message  3 + tokens(role) + tokens(content) + (name ? tokens(name) + 1 : 0)
 *                  (+ tokens(function_call.name) + tokens(function_call.arguments) + 3 if present)
 *     per request  + 3 (priming of the assistant reply)
 *   Message content that is an array of parts counts as the concatenation of its `text` parts;
 *   null/absent content counts 0. `tools`, `tool_calls` and `response_format` are not counted.
 *   Strings are counted as plain text: special-token lookalikes such as `<|endoftext|>` are
 *   ordinary text, as the model modules' own counter does.
 * - completion_tokens: tokens(reply text) with the same encoding, no overhead.
 *
 * Encoders are loaded lazily, once per encoding (o200k_base alone costs ~130 ms and ~60 MB RSS).
 */
import { computeChatCompletionTokenCount, type ChatMessage } from 'gpt-tokenizer/functionCalling';
import { modelToEncodingMap, type EncodingName } from 'gpt-tokenizer/mapping';

export type TextCounter = (text: string) => number;

/** The slice of an OpenAI chat message that the count looks at. */
export interface CountableMessage {
  role?: unknown;
  content?: unknown;
  name?: unknown;
  function_call?: unknown;
}

interface EncodingModule {
  countTokens(text: string, options: { disallowedSpecial: Set<string> }): number;
}

// A static table rather than a template import so bundlers and tsc can see every target.
const loaders: Record<EncodingName, () => Promise<EncodingModule>> = {
  o200k_base: () => import('gpt-tokenizer/encoding/o200k_base'),
  o200k_harmony: () => import('gpt-tokenizer/encoding/o200k_harmony'),
  cl100k_base: () => import('gpt-tokenizer/encoding/cl100k_base'),
  p50k_base: () => import('gpt-tokenizer/encoding/p50k_base'),
  p50k_edit: () => import('gpt-tokenizer/encoding/p50k_edit'),
  r50k_base: () => import('gpt-tokenizer/encoding/r50k_base'),
  gpt2: () => import('gpt-tokenizer/encoding/gpt2'),
};

// An empty disallow set makes countTokens count special-token lookalikes as text instead of throwing.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };
const counters = new Map<EncodingName, Promise<TextCounter>>();

export function encodingForModel(model: string): EncodingName {
  const known = modelToEncodingMap as Record<string, EncodingName | undefined>;
  const slash = model.lastIndexOf('/');
  const bare = slash >= 0 ? model.slice(slash + 1) : model;
  return known[model] ?? known[bare] ?? 'o200k_base';
}

export function textCounterFor(model: string): Promise<TextCounter> {
  const encoding = encodingForModel(model);
  let counter = counters.get(encoding);
  if (!counter) {
    counter = loaders[encoding]().then(
      (mod): TextCounter =>
        (text) =>
          text ? mod.countTokens(text, PLAIN_TEXT) : 0,
    );
    counters.set(encoding, counter);
  }
  return counter;
}

/** Message content as the text the model sees: strings as they are, parts joined. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string') {
      text += (part as { text: string }).text;
    }
  }
  return text;
}

function toChatMessage(message: CountableMessage): ChatMessage {
  const out: ChatMessage = { content: contentText(message.content) };
  if (typeof message.role === 'string') out.role = message.role;
  if (typeof message.name === 'string') out.name = message.name;
  const call = message.function_call;
  if (call && typeof call === 'object') {
    const { name, arguments: args } = call as { name?: unknown; arguments?: unknown };
    out.function_call = {
      ...(typeof name === 'string' ? { name } : {}),
      ...(typeof args === 'string' ? { arguments: args } : {}),
    };
  }
  return out;
}

export function countPromptTokensWith(count: TextCounter, messages: readonly CountableMessage[]): number {
  return computeChatCompletionTokenCount({ messages: messages.map(toChatMessage) }, count);
}

export async function countPromptTokens(model: string, messages: readonly CountableMessage[]): Promise<number> {
  return countPromptTokensWith(await textCounterFor(model), messages);
}

export async function countCompletionTokens(model: string, text: string): Promise<number> {
  return (await textCounterFor(model))(text);
}
