import type { ChatMessage } from '../chat.js';
import { batchCount, type BatchCount } from './counting.js';
import { countChat, type Encoder, type EncodingName } from './tokenizer.js';

// What passes between an estimate and its counting worker (workerCounting.ts, countWorker.ts):
// conversations as one flat list of strings, which the structured clone copies far faster than
// a list of message objects.

export interface CountRequest {
  id: number;
  encoding: EncodingName;
  /** Role, content, role, content… of every conversation in turn; or one text (`sizes` absent). */
  texts: string[];
  /** Messages in each conversation. */
  sizes?: number[];
}

export type CountReply = ({ id: number } & BatchCount) | { id: number; error: string };

export function flatten(batch: readonly (readonly ChatMessage[])[]): Pick<CountRequest, 'texts' | 'sizes'> {
  const texts: string[] = [];
  const sizes: number[] = [];
  for (const messages of batch) {
    for (const m of messages) texts.push(m.role, m.content);
    sizes.push(messages.length);
  }
  return { texts, sizes };
}

export function unflatten(request: Pick<CountRequest, 'texts' | 'sizes'>): ChatMessage[][] {
  const batch: ChatMessage[][] = [];
  let at = 0;
  for (const size of request.sizes ?? []) {
    const messages: ChatMessage[] = [];
    for (let i = 0; i < size; i++, at += 2) messages.push({ role: request.texts[at] as ChatMessage['role'], content: request.texts[at + 1] });
    batch.push(messages);
  }
  return batch;
}

/** The counts of a request, exactly as countChat and countTokens count on the reading thread. */
export function countRequest(request: CountRequest, encoder: Encoder): CountReply {
  const { id, texts, sizes } = request;
  if (!sizes) return { id, total: encoder.countTokens(texts[0]), max: 0 };
  return { id, ...batchCount(unflatten(request).map((messages) => countChat(messages, encoder).total)) };
}
