import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { RecordLine, RunRecord } from './types.js';

// A version-2 record is appended to line by line as the run goes: a reader – or a process killed
// mid-run – sees complete lines up to the last write (a torn last line is ignored by the reader).
// Lines are buffered and written at most once per interval or per 256 KB, so a large run does not
// spend its time on small writes, and nothing of a written line stays in memory.

export interface RecordWriter {
  file: string;
  /** Queue a line; written soon. */
  write(line: RecordLine): void;
  /** Write what is queued and wait for it. */
  flush(): Promise<void>;
  /** Flush and close the file. */
  close(): Promise<void>;
}

const BATCH_CHARS = 256 * 1024;

export async function openRecordWriter(file: string, intervalMs = 1000, options: { append?: boolean } = {}): Promise<RecordWriter> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle: FileHandle = options.append ? await openForAppend(file) : await open(file, 'w');
  let buffer = '';
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let lastError: Error | undefined;
  const drain = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const text = buffer;
    buffer = '';
    if (text) chain = chain.then(() => handle.write(text).then(() => undefined)).catch((error: Error) => void (lastError = error));
    return chain;
  };
  return {
    file,
    write(line) {
      buffer += `${JSON.stringify(line)}\n`;
      if (buffer.length >= BATCH_CHARS) void drain();
      else timer ??= setTimeout(() => void drain(), intervalMs);
    },
    async flush() {
      await drain();
      if (lastError) throw lastError;
    },
    async close() {
      await drain();
      await handle.close();
      if (lastError) throw lastError;
    },
  };
}

/**
 * Opens a record to go on with it (a batch run resumed): a torn last line – a writer killed
 * mid-write – is cut off first, so the next line starts on a line of its own.
 */
async function openForAppend(file: string): Promise<FileHandle> {
  const handle = await open(file, 'r+');
  try {
    const { size } = await handle.stat();
    let end = size;
    const chunk = Buffer.alloc(64 * 1024);
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        end = start + newline + 1;
        break;
      }
      end = start;
    }
    if (end < size) await handle.truncate(end);
    await handle.close();
  } catch (error) {
    await handle.close();
    throw error;
  }
  return open(file, 'a');
}

export function recordFileName(record: Pick<RunRecord, 'id'>): string {
  return `${record.id}.jsonl`;
}

export function recordPath(resultsDir: string, record: Pick<RunRecord, 'id'>): string {
  return path.join(resultsDir, recordFileName(record));
}

/** A whole record as version-2 lines (merging shards, converting a version-1 record). */
export function* recordLines(record: RunRecord): Generator<RecordLine> {
  const { cases, results, summary, status, finishedAt, error, batch, reviews, ...header } = record;
  yield { type: 'header', ...header };
  for (const c of cases) yield { type: 'case', ...c };
  if (batch?.casesRecorded !== undefined) yield { type: 'batch-cases', count: batch.casesRecorded };
  for (const job of batch?.jobs ?? []) yield { type: 'batch', ...job };
  for (const r of results) yield { type: 'result', ...r };
  if (finishedAt) yield { type: 'end', status, finishedAt, ...(error ? { error } : {}), summary };
  for (const review of reviews ?? []) yield { type: 'review', ...review };
}

/** Writes a whole record (merging shards, tests); atomic enough for a file nobody is reading yet. */
export async function writeRecordFile(file: string, record: RunRecord): Promise<void> {
  const writer = await openRecordWriter(file);
  for (const line of recordLines(record)) writer.write(line);
  await writer.close();
}
