import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { lineRange, type Diagnostic } from '../diagnostics.js';
import { byteLines } from './byteLines.js';
import { createCsvConverter, CSV_OPTIONS, withEndByte, type CsvEvent } from './csv.js';
import { jsonlError } from './jsonl.js';
import { parseYamlRows } from './yamlRows.js';
import type { RawRow } from './row.js';

// Rows of a dataset file read as a stream, for files of any size: JSONL line by line, CSV/TSV
// record by record (with the same rows, lines and errors as the whole-text parsers in csv.ts and
// jsonl.ts), YAML/JSON whole (they cannot be streamed). While the bytes go by, they are hashed and
// checked as UTF-8.

export type RowEvent = RawRow | Diagnostic;

export interface FileStats {
  contentHash: string;
  /** Set when the file is not valid UTF-8: its rows must not be used. */
  encodingError?: Diagnostic;
}

export function isDiagnostic(event: RowEvent): event is Diagnostic {
  return 'severity' in event;
}

/** The file's bytes, hashed and UTF-8 checked as they pass; `stats` is complete when they have all passed. */
async function* checkedBytes(source: AsyncIterable<Uint8Array>, file: string, stats: FileStats): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 0;
  for await (const chunk of source) {
    hash.update(chunk);
    if (!stats.encodingError) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        stats.encodingError = {
          file,
          severity: 'error',
          message: `line ${line + 1 + badLineIn(chunk)} is not valid UTF-8 (save the file as UTF-8)`,
          range: lineRange(line + badLineIn(chunk)),
          code: 'dataset/encoding',
        };
      }
    }
    line += newlines(chunk);
    yield chunk;
  }
  stats.contentHash = hash.digest('hex');
}

function newlines(chunk: Uint8Array): number {
  const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}

/** Lines before the first invalid sequence in a chunk (close enough: the chunk's own decoder state is fresh). */
function badLineIn(chunk: Uint8Array): number {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let lines = 0;
  let start = 0;
  for (let i = 0; i <= chunk.length; i++) {
    if (i < chunk.length && chunk[i] !== 0x0a) continue;
    try {
      strict.decode(chunk.subarray(start, i));
    } catch {
      return lines;
    }
    lines++;
    start = i + 1;
  }
  return lines;
}

/** The bytes of a file: the editor's unsaved text when it has one, else the file on disk. */
export function fileBytes(file: string, readFile?: (file: string) => Promise<Uint8Array | string>): AsyncIterable<Uint8Array> {
  if (!readFile) return createReadStream(file, { highWaterMark: 256 * 1024 });
  return (async function* () {
    const content = await readFile(file);
    yield typeof content === 'string' ? Buffer.from(content.replace(/^\uFEFF/, ''), 'utf8') : content;
  })();
}

/** Rows handed on at a time: one await per batch instead of one per row, and a bounded number held. */
export const ROW_BATCH = 1024;

/** The rows of a dataset file, a batch at a time (see ROW_BATCH). */
export function streamRows(bytes: AsyncIterable<Uint8Array>, file: string, stats: FileStats): AsyncGenerator<RowEvent[]> {
  const checked = checkedBytes(bytes, file, stats);
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return jsonlRows(checked, file);
  if (ext === '.csv') return csvRows(checked, file, ',');
  if (ext === '.tsv') return csvRows(checked, file, '\t');
  return yamlRows(checked, file);
}

/** A list in slices of at most ROW_BATCH, so rows already in memory are handed on as streamed ones are. */
export function* inBatches<T>(list: readonly T[]): Generator<T[]> {
  for (let i = 0; i < list.length; i += ROW_BATCH) yield list.slice(i, i + ROW_BATCH);
}

async function* jsonlRows(bytes: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<RowEvent[]> {
  let line = 0;
  for await (const lines of splitLines(decoded(bytes))) {
    const batch: RowEvent[] = [];
    for (const rawLine of lines) {
      const content = (line === 0 ? rawLine.replace(/^\uFEFF/, '') : rawLine).replace(/\r$/, '');
      line++;
      if (content.trim() === '') continue;
      try {
        batch.push({ value: JSON.parse(content), source: { file, range: lineRange(line - 1, 0, content.length) }, name: `line ${line}` });
      } catch (error) {
        batch.push(jsonlError(file, line - 1, content, error as Error));
      }
    }
    yield* inBatches(batch);
  }
}

/** Lines split on "\n" only, as parseJsonl splits them (readline would also split on a lone "\r"): the lines each part of the text ends. */
async function* splitLines(parts: AsyncIterable<string>): AsyncGenerator<string[]> {
  // The pieces of a line not yet ended: joined once, so a 10 MB line costs 10 MB, not its square.
  let pending: string[] = [];
  for await (const part of parts) {
    const pieces = part.split('\n');
    if (pieces.length === 1) {
      pending.push(part);
      continue;
    }
    pieces[0] = [...pending, pieces[0]].join('');
    pending = [pieces.pop()!];
    yield pieces;
  }
  yield [pending.join('')];
}

async function* decoded(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes) yield decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

async function* yamlRows(bytes: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<RowEvent[]> {
  let text = '';
  for await (const part of decoded(bytes)) text += part;
  const parsed = parseYamlRows(text.replace(/^\uFEFF/, ''), file);
  yield* inBatches<RowEvent>(parsed.diagnostics);
  yield* inBatches<RowEvent>(parsed.rows);
}

async function* csvRows(bytes: AsyncIterable<Uint8Array>, file: string, delimiter: string): AsyncGenerator<RowEvent[]> {
  const lines = byteLines();
  const tracked = Readable.from(
    (async function* () {
      for await (const chunk of bytes) {
        lines.push(chunk);
        yield chunk;
      }
    })(),
  );
  const converter = createCsvConverter(file, lines);
  // csv-parse's types expect on_record to return a record: here it returns the event instead.
  const parser = tracked.pipe(parse({ ...CSV_OPTIONS, delimiter, on_record: withEndByte } as never));
  // Skips are reported as events while records wait to be read: they are replayed in byte order.
  const skipped: CsvEvent[] = [];
  parser.on('skip', (error: { message: string; bytes?: number }) => skipped.push({ skip: error.message, bytes: error.bytes ?? 0 }));
  let batch: RowEvent[] = [];
  const skipsBefore = (bytes: number) => {
    while (skipped.length && skipped[0].bytes <= bytes) batch.push(...converter.accept(skipped.shift()!));
  };
  try {
    for await (const first of parser as AsyncIterable<CsvEvent>) {
      // The records already parsed are taken at once: an await for each would cost a million rows ~0.5 s.
      for (let event: CsvEvent | null = first; event !== null; event = batch.length < ROW_BATCH ? (parser.read() as CsvEvent | null) : null) {
        skipsBefore(event.bytes);
        for (const e of converter.accept(event)) batch.push(e);
      }
      // Handed on when the parser has nothing more ready (the next record would be an await away anyway).
      if (batch.length < ROW_BATCH && (parser.readableLength > 0 || !batch.length)) continue;
      yield batch;
      batch = [];
    }
    skipsBefore(Infinity);
    batch.push(...converter.finish());
  } catch (error) {
    skipsBefore(Infinity);
    batch.push(converter.fail((error as Error).message));
  }
  if (batch.length) yield batch;
}
