import { bytesMeet, unitsMeet } from './junctions.js';
import type { Vocabulary } from './vocabulary.js';

// Where a long pre-token can be cut without changing its count.
//
// BPE only ever merges two parts whose joined bytes are a token, so every part it builds is a
// token. If no token can hold the last character before a position and the first one after it,
// no part ever spans that position; the merges on either side then happen in the same order as
// they would alone (a merge on one side never changes a pair on the other), so merging the two
// sides apart gives exactly the tokens of merging them together. Two cheap tables of the
// vocabulary (junctions.ts) rule tokens out: adjacent code units of string tokens, and
// adjacent bytes of the few tokens that are not valid UTF-8. Between two random CJK characters
// about 9 junctions in 10 can be cut; inside a run of one letter, none.
//
// gpt-tokenizer's one deviation – a pair starting with U+FEFF is looked up without it (see
// bytePairMerge.ts) – needs no rule of its own: the first part across a junction right after the
// mark is still a real token (the mark alone is never a part, as "" is no token), so the tables
// see it.

/** True when cutting `text` at code unit `at` leaves its BPE count unchanged. */
export function isExactCut(text: string, at: number, vocab: Vocabulary): boolean {
  if (at <= 0 || at >= text.length) return true;
  const after = text.charCodeAt(at);
  const before = text.charCodeAt(at - 1);
  if (isLow(after) && isHigh(before)) return false; // inside a surrogate pair
  const left = codePointEndingAt(text, at);
  const right = codePointStartingAt(text, at);
  // A lone surrogate is U+FFFD in the bytes, and so in any token that could hold it.
  if (unitsMeet(vocab.junctions, left === 0xfffd ? 0xfffd : before, right === 0xfffd ? 0xfffd : after)) return false;
  return !bytesMeet(vocab.junctions, lastUtf8Byte(left), firstUtf8Byte(right));
}

/** The first exact cut after `start` and before `limit` – or `limit` if that is the end of `text` – else -1. */
export function nextExactCut(text: string, start: number, limit: number, vocab: Vocabulary): number {
  for (let at = start + 1; at < limit; at++) {
    if (isExactCut(text, at, vocab)) return at;
  }
  return limit === text.length ? limit : -1;
}

/** Where to cut when no cut is exact: at `limit`, but never inside a surrogate pair. */
export function forcedCut(text: string, limit: number): number {
  return isLow(text.charCodeAt(limit)) && isHigh(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
}

/** The code point that ends at `at` (lone surrogates read as U+FFFD, as UTF-8 encoding writes them). */
function codePointEndingAt(text: string, at: number): number {
  const last = text.charCodeAt(at - 1);
  if (!isSurrogate(last)) return last;
  if (isLow(last) && at >= 2 && isHigh(text.charCodeAt(at - 2))) return text.codePointAt(at - 2) as number;
  return 0xfffd;
}

function codePointStartingAt(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (!isSurrogate(first)) return first;
  if (isHigh(first) && at + 1 < text.length && isLow(text.charCodeAt(at + 1))) return text.codePointAt(at) as number;
  return 0xfffd;
}

function lastUtf8Byte(codePoint: number): number {
  return codePoint < 0x80 ? codePoint : 0x80 | (codePoint & 0x3f);
}

function firstUtf8Byte(codePoint: number): number {
  if (codePoint < 0x80) return codePoint;
  if (codePoint < 0x800) return 0xc0 | (codePoint >> 6);
  if (codePoint < 0x10000) return 0xe0 | (codePoint >> 12);
  return 0xf0 | (codePoint >> 18);
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code < 0xe000;
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code < 0xdc00;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code < 0xe000;
}
