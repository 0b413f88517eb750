import path from 'node:path';
import { writeFileAtomic } from '../cache.js';
import type { RunRecord } from './types.js';

// The record is rewritten atomically (temp file + rename) at most every `intervalMs` while a run
// progresses, and once at the end: a reader – or a process killed mid-run – only ever sees a
// complete JSON document.

export interface RecordWriter {
  file: string;
  /** Ask for a write soon; cheap to call after every result. */
  schedule(): void;
  /** Write now and wait for every pending write. */
  flush(): Promise<void>;
}

export function createRecordWriter(file: string, snapshot: () => RunRecord, intervalMs = 1000): RecordWriter {
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let lastError: Error | undefined;
  const write = () => {
    timer = undefined;
    const json = JSON.stringify(snapshot(), null, 1);
    chain = chain.then(() => writeFileAtomic(file, json)).catch((error: Error) => {
      lastError = error;
    });
    return chain;
  };
  return {
    file,
    schedule() {
      if (!timer) timer = setTimeout(write, intervalMs);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      await write();
      if (lastError) throw lastError;
    },
  };
}

export function recordFileName(record: Pick<RunRecord, 'id'>): string {
  return `${record.id}.json`;
}

export function recordPath(resultsDir: string, record: Pick<RunRecord, 'id'>): string {
  return path.join(resultsDir, recordFileName(record));
}
