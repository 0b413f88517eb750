// The tables a byte-pair merge needs, read from a loaded gpt-tokenizer encoding.
//
// gpt-tokenizer exposes counting but not its rank tables. Its own merge looks every candidate pair
// up through a TextDecoder call (~2 µs each) and rescans the whole pre-token after each merge, which
// is what makes base64 and long runs slow (see linearCount.ts). Merging here needs the same tables,
// so they are read from the encoder object – the very map of 200k string tokens gpt-tokenizer
// counts with, not a copy – and checked for shape: if a future version moves them, vocabularyOf
// returns undefined and the caller falls back to gpt-tokenizer's own countTokens (exact, only
// slower on odd input). Derived here, in one pass over the tokens (~30 ms): the lookup aids of
// tokenFilter.ts, junctions.ts and the short-ASCII set, ~1.3 MB per encoding.

import { addByteToken, addStringToken, emptyJunctions, type Junctions } from './junctions.js';
import { addToken, emptyTokenFilter, mayBeToken, type TokenFilter } from './tokenFilter.js';

/** Every rank is below this (o200k_base has 200,019 tokens); bytePairMerge.ts packs ranks with that. */
export const RANK_LIMIT = 2 ** 18;

export interface Vocabulary {
  /** Rank of every token that is a whole UTF-8 string, keyed by that string. */
  readonly stringRanks: ReadonlyMap<string, number>;
  /** Rank of every token stored as raw bytes, keyed by those bytes as a latin1 string (one char per byte). */
  readonly byteRanks: ReadonlyMap<string, number>;
  /** Rank of each single byte as a token (every byte is one). */
  readonly byteTokens: Int32Array;
  /** Longest token in UTF-8 bytes: no merge produces anything longer, so longer pairs need no lookup. */
  readonly maxTokenBytes: number;
  /** Bloom filter of the string tokens: most strings that are no token are ruled out without the map. */
  readonly tokenFilter: TokenFilter;
  /** Which code units, and which bytes, ever stand side by side in a token. */
  readonly junctions: Junctions;
  /**
   * Bit set of the 2- and 3-character ASCII strings that are tokens (see shortAsciiBit): most
   * pre-tokens of base64 are that short, and a bit is far cheaper to read than the 200k-entry map.
   */
  readonly shortAscii: Uint32Array;
  /** Rank of each 2-character ASCII token at first * 128 + second, -1 where there is none: the first merges of ASCII text need no hashing. */
  readonly asciiPairs: Int32Array;
  /** The encoding's pre-tokenizer: BPE never merges across two of its matches. */
  readonly pretokenizer: RegExp;
}

/** The fields of gpt-tokenizer 4's BytePairEncodingCore read here (private in its typings). */
interface EncoderInternals {
  bytePairStringRankEncoder?: unknown;
  bytePairNonUtfSortedEncoder?: unknown;
  tokenSplitRegex?: unknown;
}

/** The tables of an encoding module as imported (`gpt-tokenizer/encoding/o200k_base`), or undefined if they are not where gpt-tokenizer 4 keeps them. */
export function vocabularyOf(encodingModule: unknown): Vocabulary | undefined {
  const core = internalsOf(encodingModule);
  if (!core) return undefined;
  const { bytePairStringRankEncoder: stringRanks, bytePairNonUtfSortedEncoder: byteEntries, tokenSplitRegex: pretokenizer } = core;
  if (!(stringRanks instanceof Map) || stringRanks.size === 0 || !Array.isArray(byteEntries)) return undefined;
  if (!(pretokenizer instanceof RegExp) || !pretokenizer.global) return undefined;
  const byteRanks = byteRanksOf(byteEntries);
  if (!byteRanks) return undefined;
  const byteTokens = byteTokensOf(stringRanks, byteRanks);
  if (!byteTokens) return undefined;
  const derived = deriveFrom(stringRanks, byteRanks);
  if (!derived) return undefined;
  return { stringRanks, byteRanks, byteTokens, pretokenizer, ...derived };
}

/** Whether `text` is one token. */
export function isToken(text: string, vocab: Vocabulary): boolean {
  const small = shortAsciiBit(text);
  if (small === SINGLE_ASCII) return true; // every byte is a token
  if (small >= 0) return (vocab.shortAscii[small >>> 5] & (1 << (small & 31))) !== 0;
  return text.length <= vocab.maxTokenBytes && mayBeToken(vocab.tokenFilter, text, 0, text.length) && vocab.stringRanks.has(text);
}

type Derived = Pick<Vocabulary, 'maxTokenBytes' | 'tokenFilter' | 'junctions' | 'shortAscii' | 'asciiPairs'>;

/** The lookup aids, in one pass over the tokens; undefined if a rank is out of range. */
function deriveFrom(stringRanks: ReadonlyMap<unknown, unknown>, byteRanks: ReadonlyMap<string, number>): Derived | undefined {
  const tokenFilter = emptyTokenFilter();
  const junctions = emptyJunctions();
  const shortAscii = new Uint32Array(((1 << 21) + (1 << 14)) / 32);
  const asciiPairs = new Int32Array(128 * 128).fill(-1);
  let maxTokenBytes = 0;
  let ranksInRange = true;
  stringRanks.forEach((rank, token) => {
    if (typeof token !== 'string' || typeof rank !== 'number' || rank < 0 || rank >= RANK_LIMIT) {
      ranksInRange = false;
      return;
    }
    addToken(tokenFilter, token);
    addStringToken(junctions, token);
    const bit = shortAsciiBit(token);
    if (bit >= 0) shortAscii[bit >>> 5] |= 1 << (bit & 31);
    if (bit >= 1 << 21) asciiPairs[bit & 0x3fff] = rank; // a 2-character one
    maxTokenBytes = Math.max(maxTokenBytes, utf8Length(token));
  });
  byteRanks.forEach((rank, token) => {
    if (rank < 0 || rank >= RANK_LIMIT) ranksInRange = false;
    addByteToken(junctions, token);
    maxTokenBytes = Math.max(maxTokenBytes, token.length);
  });
  return ranksInRange ? { maxTokenBytes, tokenFilter, junctions, shortAscii, asciiPairs } : undefined;
}

const SINGLE_ASCII = -2;
const NOT_SHORT_ASCII = -1;

/** Index into Vocabulary.shortAscii of a 2- or 3-character ASCII string, SINGLE_ASCII for one character, else NOT_SHORT_ASCII. */
function shortAsciiBit(text: string): number {
  if (text.length > 3) return NOT_SHORT_ASCII;
  let index = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return NOT_SHORT_ASCII;
    index = (index << 7) | c;
  }
  if (text.length === 1) return SINGLE_ASCII;
  return text.length === 2 ? (1 << 21) | index : index;
}

function internalsOf(encodingModule: unknown): EncoderInternals | undefined {
  // The module's default export is the encoding object; a CommonJS bundle wraps the exports once more.
  let candidate = encodingModule;
  for (let depth = 0; depth < 3 && candidate !== null && typeof candidate === 'object'; depth++) {
    const core = (candidate as { bytePairEncodingCoreProcessor?: unknown }).bytePairEncodingCoreProcessor;
    if (core !== null && typeof core === 'object') return core;
    candidate = (candidate as { default?: unknown }).default;
  }
  return undefined;
}

function byteRanksOf(entries: readonly unknown[]): Map<string, number> | undefined {
  const ranks = new Map<string, number>();
  for (const entry of entries) {
    if (!Array.isArray(entry) || !(entry[0] instanceof Uint8Array) || typeof entry[1] !== 'number') return undefined;
    ranks.set(latin1(entry[0]), entry[1]);
  }
  return ranks;
}

function byteTokensOf(stringRanks: ReadonlyMap<unknown, unknown>, byteRanks: ReadonlyMap<string, number>): Int32Array | undefined {
  const tokens = new Int32Array(256);
  for (let b = 0; b < 256; b++) {
    const char = String.fromCharCode(b);
    const rank = b < 0x80 ? stringRanks.get(char) : byteRanks.get(char);
    if (typeof rank !== 'number') return undefined;
    tokens[b] = rank;
  }
  return tokens;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3; // the rest of the BMP, and lone surrogates (written as U+FFFD)
  }
  return n;
}
