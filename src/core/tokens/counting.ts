import type { ChatMessage } from '../chat.js';
import { countChatsSliced, loadEncoder, type EncodingName } from './tokenizer.js';
import type { TimeSlices } from './timeSlices.js';

// Where an estimate's conversations are counted: on this thread, in time slices (the editor, where
// the reading is cheap next to the counting and the thread must stay free), or on a worker thread
// beside the one reading the rows (countWorker.ts: the CLI, where both are the work).

/** Tokens of a batch of conversations with one encoding: their sum, and the largest conversation. */
export interface BatchCount {
  total: number;
  max: number;
}

export interface Counting {
  /** Batches that may be counting at once; 1: each is counted before the next is read. */
  readonly inFlight: number;
  conversations(encoding: EncodingName, batch: readonly (readonly ChatMessage[])[]): Promise<BatchCount>;
  text(encoding: EncodingName, text: string): Promise<number>;
  /** Lets go of what counting holds (a worker thread). */
  close(): void;
}

/** Counting on this thread, pausing between slices of `slices`. */
export function countingHere(slices: TimeSlices): Counting {
  return {
    inFlight: 1,
    async conversations(encoding, batch) {
      const counts = await countChatsSliced(batch, await loadEncoder(encoding), slices);
      return batchCount(counts.map((c) => c.total));
    },
    async text(encoding, text) {
      return slices.run((await loadEncoder(encoding)).countSteps(text));
    },
    close() {},
  };
}

export function batchCount(totals: readonly number[]): BatchCount {
  let total = 0;
  let max = 0;
  for (const n of totals) {
    total += n;
    if (n > max) max = n;
  }
  return { total, max };
}
