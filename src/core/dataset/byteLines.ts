// Line numbers of byte ranges in a stream that is read once, chunk by chunk: a parser that reports
// where a record ends (in bytes) learns the lines it spans without the file being kept. Only the
// bytes not yet claimed by a record are held.

const NEWLINE = 0x0a;
const CR = 0x0d;

export interface ByteLines {
  /** Called with every chunk, in order, before the parser sees it. */
  push(chunk: Uint8Array): void;
  /**
   * The 0-based first and last line of the bytes from the previous claim up to `end` (exclusive),
   * skipping blank lines before and the line break after; the bytes are let go.
   */
  claim(end: number): { start: number; end: number };
}

export function byteLines(): ByteLines {
  let window = new Uint8Array(0);
  let windowStart = 0;
  let lineAtWindowStart = 0;
  return {
    push(chunk) {
      const grown = new Uint8Array(window.length + chunk.length);
      grown.set(window);
      grown.set(chunk, window.length);
      window = grown;
    },
    claim(end) {
      const length = Math.max(0, Math.min(end - windowStart, window.length));
      let line = lineAtWindowStart;
      let first = -1;
      let last = -1;
      for (let i = 0; i < length; i++) {
        const byte = window[i];
        if (byte === NEWLINE) {
          line++;
          continue;
        }
        if (byte === CR) continue;
        if (first < 0) first = line;
        last = line;
      }
      window = window.subarray(length);
      windowStart += length;
      lineAtWindowStart = line;
      return first < 0 ? { start: line, end: line } : { start: first, end: last };
    },
  };
}
