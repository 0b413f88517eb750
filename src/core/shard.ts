import { sha256Bytes } from './sha256.js';
import type { CaseStream } from './dataset/stream.js';

// A deterministic slice of a prompt's cases for one machine of a CI matrix (`eval --shard i/n`).
// A case's shard is a hash of its id – `_id` or a hash of the row, stable across runs – so every
// machine agrees without talking to the others, and adding a row moves only that row.

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** "2/4" → { index: 2, count: 4 }; undefined when it is not i/n with 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard | undefined {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) return undefined;
  return { index, count };
}

export function shardOf(caseId: string, count: number): number {
  return (sha256Bytes(caseId).readUInt32BE(0) % count) + 1;
}

export function inShard(caseId: string, shard: Shard): boolean {
  return shardOf(caseId, shard.count) === shard.index;
}

export function shardCases<T extends { id: string }>(cases: readonly T[], shard: Shard): T[] {
  return cases.filter((c) => inShard(c.id, shard));
}

/** A shard of streamed cases; counting them reads the cases once more (ids only are kept: none). */
export async function shardStream(stream: CaseStream, shard: Shard): Promise<CaseStream> {
  let count = 0;
  for await (const batch of stream.batches()) for (const c of batch) if (inShard(c.id, shard)) count++;
  return {
    ...stream,
    count,
    async *batches() {
      for await (const batch of stream.batches()) yield batch.filter((c) => inShard(c.id, shard));
    },
  };
}
