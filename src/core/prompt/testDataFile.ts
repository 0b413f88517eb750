import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { blockOf, scanBlock, type LineText, type RowSource, type TestDataBlock } from './testDataBlock.js';

// Inline testData read from the file itself, for the CLI: testDataBlock.ts's reading with byte
// offsets, so that a prompt file's text is never held whole. A million inline rows make a ~100 MB
// file; its text and the bytes it was decoded from peaked at 433 MiB in an estimate that otherwise
// needs ~260. The file is read once to find the rows (hashing it as it goes), and the rows are read
// again by byte range as the cases pass. The whole text is read only if asked for (a run record
// keeps it), and must then hash the same, or the file changed under the run.

/** Bytes read at a time. */
const CHUNK = 1 << 20;
const BOM = [0xef, 0xbb, 0xbf];

export interface FileTestData {
  block: TestDataBlock;
  /** The file's whole text (its BOM left out, as readPrompt does), read again; throws if the file has changed since. */
  text: () => string;
}

/**
 * The file's testData block, or undefined when it has none, cannot be read, is not UTF-8, or is
 * not written as a plain block: the caller then reads the file whole, and reports what is wrong.
 */
export function findTestDataInFile(file: string, chunkBytes = CHUNK): FileTestData | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    const size = stat.size;
    // Offsets are kept in Int32Arrays; a text that long could not be read whole anyway.
    if (size >= 2 ** 31) return undefined;
    const hash = createHash('sha256');
    const start = startsWithBom(fd) ? BOM.length : 0;
    const items = scanBlock(fileLines(fd, start, chunkBytes, hash), size);
    if (!items) return undefined;
    const digest = hash.digest('hex');
    const block = blockOf(readText(fd, start, items.keyOffset), readText(fd, items.endOffset, size), items, () => rowSource(file, stat));
    return { block, text: once(() => textAgain(file, digest)) };
  } catch (error) {
    if (error instanceof NotUtf8) return undefined;
    throw error;
  } finally {
    closeSync(fd);
  }
}

class NotUtf8 extends Error {}

function startsWithBom(fd: number): boolean {
  const head = Buffer.alloc(BOM.length);
  const n = readSync(fd, head, 0, head.length, 0);
  return n === BOM.length && BOM.every((byte, i) => head[i] === byte);
}

/**
 * The file's lines from byte `start`, as testDataBlock.ts's lines of a text: without their breaks
 * (and a CR before one), a file ending in a break having an empty last line. Every byte read is
 * hashed, the BOM too. The lines of a chunk are decoded together: decoded a line at a time, a
 * million-row estimate took ~0.7 s longer.
 */
function* fileLines(fd: number, start: number, chunkBytes: number, hash: ReturnType<typeof createHash>): Generator<LineText> {
  if (start > 0) hash.update(Buffer.from(BOM));
  const chunk = Buffer.allocUnsafe(chunkBytes);
  // The bytes after the last break read so far: a line longer than a chunk is joined once, so it costs its length.
  let pending: Buffer[] = [];
  const next = { line: 0, offset: start };
  for (let position = start; ;) {
    const n = readSync(fd, chunk, 0, chunk.length, position);
    if (n === 0) break;
    position += n;
    const data = chunk.subarray(0, n);
    hash.update(data);
    const lastBreak = data.lastIndexOf(0x0a);
    if (lastBreak === -1) {
      pending.push(Buffer.from(data));
      continue;
    }
    const lines = pending.length ? Buffer.concat([...pending, data.subarray(0, lastBreak + 1)]) : data.subarray(0, lastBreak + 1);
    pending = lastBreak + 1 < n ? [Buffer.from(data.subarray(lastBreak + 1))] : [];
    yield* brokenLines(lines, next);
  }
  const last = textOf(Buffer.concat(pending));
  yield { ...next, text: last.endsWith('\r') ? last.slice(0, -1) : last };
}

/** Lines that each end in a break, numbered and placed from `next`, which is moved past them. A break never splits a UTF-8 character. */
function* brokenLines(bytes: Buffer, next: { line: number; offset: number }): Generator<LineText> {
  const text = textOf(bytes);
  // Only ASCII decodes to as many characters as bytes: then a character offset is a byte offset.
  const ascii = text.length === bytes.length;
  for (let at = 0, nl = text.indexOf('\n'); nl !== -1; at = nl + 1, nl = text.indexOf('\n', at)) {
    const raw = text.slice(at, nl);
    yield { line: next.line++, offset: next.offset, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw };
    next.offset += ascii ? raw.length + 1 : Buffer.byteLength(raw) + 1;
  }
}

function textOf(bytes: Buffer): string {
  if (!isUtf8(bytes)) throw new NotUtf8();
  return bytes.toString('utf8');
}

function readText(fd: number, from: number, to: number): string {
  return readBytes(fd, from, to - from).toString('utf8');
}

function readBytes(fd: number, from: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, bytes, read, length - read, from + read);
    if (n === 0) throw new Error('the prompt file got shorter while it was being read: run again');
    read += n;
  }
  return bytes;
}

/**
 * Rows read a window at a time: a MB of the file, or one row when a row is longer (a pasted image),
 * so that neither a million small rows nor a batch of huge ones costs more than it must.
 */
function rowSource(file: string, scanned: Stats): RowSource {
  const fd = openSync(file, 'r');
  let window: Buffer = Buffer.alloc(0);
  let windowStart = 0;
  return {
    text(from, to) {
      if (from < windowStart || to > windowStart + window.length) {
        // A run reads its rows as it goes: rows read at the old offsets of an edited file would be wrong ones.
        const now = fstatSync(fd);
        if (now.size !== scanned.size || now.mtimeMs !== scanned.mtimeMs) throw new Error(`${file} changed while its rows were being read: run again`);
        window = readBytes(fd, from, Math.max(to - from, Math.min(CHUNK, scanned.size - from)));
        windowStart = from;
      }
      return window.toString('utf8', from - windowStart, to - windowStart);
    },
    close: () => closeSync(fd),
  };
}

function textAgain(file: string, digest: string): string {
  const fd = openSync(file, 'r');
  try {
    const bytes = readBytes(fd, 0, fstatSync(fd).size);
    if (createHash('sha256').update(bytes).digest('hex') !== digest) throw new Error(`${file} changed while it was being read: run again`);
    const bom = bytes.length >= BOM.length && BOM.every((byte, i) => bytes[i] === byte);
    return bytes.toString('utf8', bom ? BOM.length : 0);
  } finally {
    closeSync(fd);
  }
}

function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}
