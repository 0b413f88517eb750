import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { BatchLimits } from '../providers/types.js';
import type { BatchPhase } from './types.js';

// Batch input files, written as the tasks stream by (nothing of the run is held): one file per
// model at a time, closed and a new one started before a line would take it over the provider's
// per-batch request count or file size.

/** A finished JSONL file, ready to upload as one provider batch. */
export interface BatchPart {
  file: string;
  model: string;
  requests: number;
  bytes: number;
  /** The first and last task ordinal in it. */
  tasks: [number, number];
}

interface OpenPart extends BatchPart {
  stream: WriteStream;
}

export interface PartWriter {
  /** Adds one request line (a JSON object, no newline). */
  add(model: string, ordinal: number, line: string): Promise<void>;
  /** Closes every open file; the parts in the order they were started. */
  finish(): Promise<BatchPart[]>;
}

export function createPartWriter(dir: string, phase: BatchPhase, limits: BatchLimits): PartWriter {
  const open = new Map<string, OpenPart>();
  const parts: OpenPart[] = [];
  const close = async (part: OpenPart) => {
    open.delete(part.model);
    part.stream.end();
    await once(part.stream, 'close');
  };
  return {
    async add(model, ordinal, line) {
      const bytes = Buffer.byteLength(line) + 1;
      if (bytes > limits.bytes)
        throw new Error(`one ${phase === 'cases' ? 'case' : 'judge'} request for ${model} is ${bytes} bytes, more than the provider's batch file limit (${limits.bytes} bytes)`);
      let part = open.get(model);
      if (part && (part.requests + 1 > limits.requests || part.bytes + bytes > limits.bytes)) {
        await close(part);
        part = undefined;
      }
      if (!part) {
        const file = path.join(dir, `${phase}-${parts.length + 1}.jsonl`);
        part = { file, model, requests: 0, bytes: 0, tasks: [ordinal, ordinal], stream: createWriteStream(file) };
        open.set(model, part);
        parts.push(part);
      }
      part.requests++;
      part.bytes += bytes;
      part.tasks[1] = ordinal;
      if (!part.stream.write(`${line}\n`)) await once(part.stream, 'drain');
    },
    async finish() {
      for (const part of [...open.values()]) await close(part);
      return parts.map(({ stream: _stream, ...part }) => part);
    },
  };
}
