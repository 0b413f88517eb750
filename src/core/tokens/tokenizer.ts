import type { ChatMessage } from '../providers/types.js';
import { countShort, countSteps } from './linearCount.js';
import { textMemo } from './textMemo.js';
import { runNow, timeSlices, type SliceOptions, type TimeSlices } from './timeSlices.js';
import { vocabularyOf } from './vocabulary.js';

// Exact input token counts for OpenAI models with gpt-tokenizer's encodings (a maintained pure-JS
// port of tiktoken's). Chat framing follows OpenAI's published rule: every message costs 3 tokens
// plus its role and content, and the reply is primed with 3 more.
//
// Counting itself is linearCount.ts: linear in the text, equal to gpt-tokenizer's countTokens
// except inside runs of thousands of characters with no exact cut. Text is counted as plain text,
// as the API bills message content: `<|endoftext|>` is 7 ordinary tokens, not a special token (and
// not an error, as gpt-tokenizer's countTokens(text) with default options makes it).

export type EncodingName = 'o200k_base' | 'cl100k_base';

export interface TokenizerChoice {
  encoding: EncodingName;
  /** False when the model's tokenizer is unknown and o200k_base stands in for it. */
  exact: boolean;
}

export interface Encoder {
  /** Counts at once: blocks for as long as counting takes (~0.1–0.3 s per MB). */
  countTokens(text: string): number;
  /** Counts as steps that can pause, for timeSlices(); returns the count. */
  countSteps(text: string): Generator<void, number, void>;
  /** Counts at once a text short enough that countSteps would not pause it; undefined for a longer one. */
  countShort(text: string): number | undefined;
}

const O200K_FAMILIES = /^(gpt-5|gpt-4o|gpt-4\.1|gpt-4\.5|chatgpt-4o|o1|o3|o4)/;
const CL100K_FAMILIES = /^(gpt-4(-turbo|-32k|-\d{4}|-\d{4}-preview|$)|gpt-3\.5-turbo)/;

export const TOKENS_PER_MESSAGE = 3;
export const REPLY_PRIMING_TOKENS = 3;

export function tokenizerFor(model: string, providerTokenizer?: EncodingName): TokenizerChoice {
  const slash = model.indexOf('/');
  const provider = slash < 0 ? 'openai' : model.slice(0, slash);
  const name = model.slice(slash + 1);
  if (provider === 'openai' && CL100K_FAMILIES.test(name)) return { encoding: 'cl100k_base', exact: true };
  if (provider === 'openai' && O200K_FAMILIES.test(name)) return { encoding: 'o200k_base', exact: true };
  if (providerTokenizer) return { encoding: providerTokenizer, exact: true };
  return { encoding: 'o200k_base', exact: false };
}

const encoders = new Map<EncodingName, Encoder>();
const loading = new Map<EncodingName, Promise<Encoder>>();

/** Loads an encoding once; the BPE tables are a few MB, so nothing loads them until needed. */
export function loadEncoder(encoding: EncodingName): Promise<Encoder> {
  const ready = encoders.get(encoding);
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(encoding);
  if (!pending) {
    pending = (encoding === 'cl100k_base' ? import('gpt-tokenizer/encoding/cl100k_base') : import('gpt-tokenizer/encoding/o200k_base')).then((m) => {
      // Bundles load each encoding as a separate CommonJS file, whose exports may sit on `default`.
      const api = typeof m.countTokens === 'function' ? m : (m as unknown as { default: typeof m }).default;
      const encoder = encoderOf(api, m);
      encoders.set(encoding, encoder);
      return encoder;
    });
    loading.set(encoding, pending);
  }
  return pending;
}

interface EncodingModule {
  countTokens(text: string, options: { disallowedSpecial: Set<string> }): number;
}

/** Special-token lookalikes are text: an empty disallow list, and none allowed. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * The encoder of an imported encoding module (`api` is where its countTokens sits). Rows share
 * most of their text (the system message, role names, unchanged rows between two edits), so counts
 * are remembered per distinct text, within a bound on the characters held (see textMemo.ts).
 */
export function encoderOf(api: EncodingModule, encodingModule: unknown): Encoder {
  const vocab = vocabularyOf(encodingModule);
  const count = vocab ? (text: string) => countSteps(text, vocab) : (text: string) => librarySteps(api, text);
  const short = vocab ? (text: string) => countShort(text, vocab) : () => undefined;
  const memo = textMemo();
  function* memoisedSteps(text: string): Generator<void, number, void> {
    const known = memo.get(text);
    if (known !== undefined) return known;
    const n = yield* count(text);
    memo.set(text, n);
    return n;
  }
  function memoisedShort(text: string): number | undefined {
    const known = memo.get(text);
    if (known !== undefined) return known;
    const n = short(text);
    if (n !== undefined) memo.set(text, n);
    return n;
  }
  return { countTokens: (text) => runNow(memoisedSteps(text)), countSteps: memoisedSteps, countShort: memoisedShort };
}

/** gpt-tokenizer's own count in one step, should its tables be out of reach (see vocabulary.ts): exact, not linear. */
function* librarySteps(api: EncodingModule, text: string): Generator<void, number, void> {
  return api.countTokens(text, PLAIN_TEXT);
}

export interface ChatCount {
  total: number;
  /** Tokens of each message including its framing. */
  perMessage: number[];
}

export function countChat(messages: readonly ChatMessage[], encoder: Encoder): ChatCount {
  return runNow(chatSteps(messages, encoder));
}

/** countChat in time slices: long texts do not hold the event loop, and `slices` can be shared by many conversations. */
export function countChatSliced(messages: readonly ChatMessage[], encoder: Encoder, slices: TimeSlices): Promise<ChatCount> {
  return slices.run(chatSteps(messages, encoder));
}

/**
 * Many conversations in one run of time slices: one await in all, where countChatSliced per
 * conversation would cost one each (~10 ms for 1,000 rows); between two conversations the slice
 * is checked, so a long dataset pauses as a long text does.
 */
export function countChatsSliced(conversations: readonly (readonly ChatMessage[])[], encoder: Encoder, slices: TimeSlices): Promise<ChatCount[]> {
  return slices.run(conversationsSteps(conversations, encoder));
}

function* conversationsSteps(conversations: readonly (readonly ChatMessage[])[], encoder: Encoder): Generator<void, ChatCount[], void> {
  const counts: ChatCount[] = [];
  for (const messages of conversations) {
    counts.push(yield* chatSteps(messages, encoder));
    yield;
  }
  return counts;
}

function* chatSteps(messages: readonly ChatMessage[], encoder: Encoder): Generator<void, ChatCount, void> {
  const perMessage: number[] = [];
  let total = REPLY_PRIMING_TOKENS;
  for (const m of messages) {
    // Short texts (nearly every message of a dataset row) without a generator each.
    const role = encoder.countShort(m.role) ?? (yield* encoder.countSteps(m.role));
    const content = encoder.countShort(m.content) ?? (yield* encoder.countSteps(m.content));
    perMessage.push(TOKENS_PER_MESSAGE + role + content);
    total += TOKENS_PER_MESSAGE + role + content;
  }
  return { total, perMessage };
}

export async function countChatFor(model: string, messages: readonly ChatMessage[], providerTokenizer?: EncodingName, options?: SliceOptions): Promise<ChatCount & TokenizerChoice> {
  const choice = tokenizerFor(model, providerTokenizer);
  const encoder = await loadEncoder(choice.encoding);
  return { ...(await countChatSliced(messages, encoder, timeSlices(options))), ...choice };
}

/** Tokens of `text`, counted in time slices of ~10 ms with a turn of the event loop between them; abortable. */
export async function countText(text: string, encoding: EncodingName = 'o200k_base', options?: SliceOptions): Promise<number> {
  const encoder = await loadEncoder(encoding);
  return timeSlices(options).run(encoder.countSteps(text));
}
