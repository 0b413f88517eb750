import type { Diagnostic } from '../diagnostics.js';

const strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8, reporting the first line with invalid bytes instead of silently mangling it. */
export function decodeUtf8(bytes: Uint8Array, file: string): { text: string } | { diagnostic: Diagnostic } {
  try {
    return { text: strict.decode(bytes).replace(/^\uFEFF/, '') };
  } catch {
    let line = 0;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        strict.decode(bytes.subarray(start, i));
      } catch {
        break;
      }
      line++;
      start = i + 1;
    }
    return {
      diagnostic: {
        file,
        severity: 'error',
        message: `line ${line + 1} is not valid UTF-8 (save the file as UTF-8)`,
        range: { start: { line, column: 0 }, end: { line, column: 0 } },
        code: 'dataset/encoding',
      },
    };
  }
}
