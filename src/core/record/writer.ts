import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RunRecord } from './types.js';

// The record is rewritten atomically (temp file + rename) while a run progresses and once at the
// end: a reader – or a process killed mid-run – only ever sees a complete JSON document.
// It is streamed out in batches rather than built as one string (a 30,000-result record is ~25 MB),
// and the interval between writes grows with the time a write takes, so large runs do not spend
// their time rewriting the file.

export interface RecordWriter {
  file: string;
  /** Ask for a write soon; cheap to call after every result. */
  schedule(): void;
  /** Write now and wait for every pending write. */
  flush(): Promise<void>;
}

const BATCH_CHARS = 256 * 1024;

/** One field per line, one case and one result per line: valid JSON that diffs and greps well. */
export async function writeRecordFile(file: string, record: RunRecord): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'w');
  try {
    let batch = '';
    const put = async (text: string) => {
      batch += text;
      if (batch.length >= BATCH_CHARS) {
        await handle.write(batch);
        batch = '';
      }
    };
    const { cases, results, ...head } = record;
    await put('{\n');
    for (const [key, value] of Object.entries(head)) if (value !== undefined) await put(`${JSON.stringify(key)}: ${JSON.stringify(value)},\n`);
    for (const [key, list] of [
      ['cases', cases],
      ['results', results],
    ] as const) {
      await put(`${JSON.stringify(key)}: [`);
      for (let i = 0; i < list.length; i++) await put(`${i ? ',' : ''}\n${JSON.stringify(list[i])}`);
      await put(key === 'cases' ? '\n],\n' : '\n]\n}\n');
    }
    await handle.write(batch);
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, file);
}

export function createRecordWriter(file: string, snapshot: () => RunRecord, intervalMs = 1000): RecordWriter {
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let lastError: Error | undefined;
  let nextDelay = intervalMs;
  const write = () => {
    timer = undefined;
    chain = chain
      .then(async () => {
        const started = performance.now();
        await writeRecordFile(file, snapshot());
        nextDelay = Math.max(intervalMs, 10 * (performance.now() - started));
      })
      .catch((error: Error) => {
        lastError = error;
      });
    return chain;
  };
  return {
    file,
    schedule() {
      if (!timer) timer = setTimeout(write, nextDelay);
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
