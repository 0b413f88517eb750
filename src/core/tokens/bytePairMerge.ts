import { bytesMeet } from './junctions.js';
import { mayBeToken } from './tokenFilter.js';
import { RANK_LIMIT, type Vocabulary } from './vocabulary.js';

// Counts the tokens byte-pair encoding makes of one pre-token, with exactly gpt-tokenizer's rule –
// repeatedly merge the adjacent pair whose merged bytes have the lowest rank, the leftmost one on
// ties – but in O(n log n) instead of O(n²): candidate pairs wait in a min-heap keyed by
// (rank, start) instead of being rescanned after every merge, and a pair is looked up as a
// substring in the rank map instead of being decoded from bytes each time.
//
// Parts are identified by the byte offset they start at. The buffers below are reused between
// calls and grow to the longest piece seen – linearCount.ts merges at most 4,096 characters at once,
// so they stay under ~1 MB. Each loop is a function of its own so that V8 optimises it on its own
// instead of through on-stack replacement, which here deoptimised again on every call.
//
// Every part is a token (but see the byte order mark below), so whether two parts merge depends
// only on their two ranks. Most texts ask the same few pairs over and over (the bytes inside a CJK
// character, letter pairs in base64), so answers are kept in a small fixed-size table per
// vocabulary; only a miss builds a substring and probes the 200k-entry rank map.

const NO_PAIR = -1;
/** Heap keys are rank * SHIFT + start: ordered by rank, then leftmost, in one float64 (exact below 2^53). */
const SHIFT = 2 ** 32;

let ends = new Int32Array(256); // end byte of the part starting here; -1 once merged into the part before
let befores = new Int32Array(256); // start byte of the part before, -1 for the first
let partRanks = new Int32Array(256); // rank of the token this part is
let pairRanks = new Int32Array(256); // rank of this part merged with the next, NO_PAIR if none
let heap = new Float64Array(768);
let heapSize = 0;

// The pre-token being merged: its text (well-formed), its UTF-8 bytes, and the UTF-16 index of
// every byte offset that starts a character (-1 inside a character).
let text = '';
let bytes = new Uint8Array(256);
let charIndex = new Int32Array(256);
let ascii = true;
let byteLength = 0;
let vocabulary: Vocabulary;
let pairs: Int32Array;

/** Number of tokens BPE makes of `piece` when it is merged as one pre-token. */
export function mergedTokenCount(piece: string, vocab: Vocabulary): number {
  const codePoint = singleCodePoint(piece);
  return codePoint < 0 ? merge(piece, vocab) : characterTokenCount(codePoint, vocab);
}

function merge(piece: string, vocab: Vocabulary): number {
  load(piece, vocab);
  if (byteLength <= 1) return byteLength;
  initialiseParts();
  queueFirstPairs();
  heapify();
  return byteLength - mergeAll();
}

function initialiseParts(): void {
  const tokens = vocabulary.byteTokens;
  for (let i = 0; i < byteLength; i++) {
    ends[i] = i + 1;
    befores[i] = i - 1;
    partRanks[i] = tokens[bytes[i]];
  }
}

function queueFirstPairs(): void {
  heapSize = 0;
  for (let i = 0; i < byteLength; i++) {
    const rank = rankOfPairAt(i);
    pairRanks[i] = rank;
    if (rank !== NO_PAIR) heap[heapSize++] = rank * SHIFT + i;
  }
}

/** Merges until no pair is a token; returns the number of merges. */
function mergeAll(): number {
  let merges = 0;
  while (heapSize > 0) {
    const key = popMin();
    const rank = Math.floor(key / SHIFT);
    const start = key - rank * SHIFT;
    // A pair's rank changes whenever either of its parts grows (a longer pair is another token),
    // so an entry whose rank is no longer the pair's current one is stale.
    if (ends[start] < 0 || pairRanks[start] !== rank) continue;
    mergeWithNext(start);
    merges++;
  }
  return merges;
}

function mergeWithNext(start: number): void {
  const next = ends[start];
  const end = ends[next];
  partRanks[start] = pairRanks[start];
  ends[start] = end;
  ends[next] = -1;
  pairRanks[next] = NO_PAIR;
  if (end < byteLength) befores[end] = start;
  requeue(start);
  if (befores[start] >= 0) requeue(befores[start]);
}

function requeue(start: number): void {
  const rank = rankOfPairAt(start);
  pairRanks[start] = rank;
  if (rank !== NO_PAIR) push(rank * SHIFT + start);
}

function rankOfPairAt(start: number): number {
  const next = ends[start];
  if (next >= byteLength) return NO_PAIR;
  const end = ends[next];
  if (!ascii && (startsWithBom(start) || startsWithBom(next))) return rankOfBomPair(start, next, end);
  if (end - start === 2 && (bytes[start] | bytes[next]) < 0x80) return vocabulary.asciiPairs[(bytes[start] << 7) | bytes[next]];
  if (end - start > vocabulary.maxTokenBytes) return NO_PAIR;
  const left = partRanks[start];
  const right = partRanks[next];
  const slot = ((Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) >>> PAIR_SHIFT) << 2;
  if (pairs[slot] === left && pairs[slot + 1] === right) return pairs[slot + 2];
  // Pairs ruled out this cheaply are not remembered: in random text they are most pairs, and
  // would push out the ones worth remembering.
  if (!mayJoin(start, next, end)) return NO_PAIR;
  const rank = rankOfBytes(start, end) ?? NO_PAIR;
  pairs[slot] = left;
  pairs[slot + 1] = right;
  pairs[slot + 2] = rank;
  return rank;
}

/**
 * False when the two parts certainly make no token – nine pairs in ten in random text – so that
 * the rank map need not be asked: joined bytes that are valid UTF-8 go through the vocabulary's
 * Bloom filter; others can only be one of the few tokens that are not valid UTF-8, which must then
 * have the two bytes either side of the junction next to each other.
 */
function mayJoin(start: number, junction: number, end: number): boolean {
  if (ascii) return mayBeToken(vocabulary.tokenFilter, text, start, end);
  const from = charIndex[start];
  const to = charIndex[end];
  if (from >= 0 && to >= 0) return mayBeToken(vocabulary.tokenFilter, text, from, to);
  return bytesMeet(vocabulary.junctions, bytes[junction - 1], bytes[junction]);
}

// --- gpt-tokenizer's one deviation from tiktoken: it turns valid UTF-8 back into a string with a
// TextDecoder, which drops a leading U+FEFF (byte order mark), so a pair starting with one is looked
// up without it. "\ufeff名" is one token there ("名" is), where tiktoken makes two. Counts here
// follow gpt-tokenizer. Such a part's rank is then that of the bytes after the mark, not of its own
// bytes, so pairs with a part starting with U+FEFF bypass the pair table.

function startsWithBom(part: number): boolean {
  const at = charIndex[part];
  return at >= 0 && text.charCodeAt(at) === 0xfeff;
}

function rankOfBomPair(start: number, junction: number, end: number): number {
  const from = charIndex[start];
  const to = charIndex[end];
  if (from < 0 || to < 0) return mayJoin(start, junction, end) ? (rankOfBytes(start, end) ?? NO_PAIR) : NO_PAIR;
  const key = text.charCodeAt(from) === 0xfeff ? from + 1 : from;
  return vocabulary.stringRanks.get(text.slice(key, to)) ?? NO_PAIR;
}

/** Rank of the bytes [start, end), or undefined if they are no token. */
function rankOfBytes(start: number, end: number): number | undefined {
  if (ascii) return vocabulary.stringRanks.get(text.slice(start, end));
  const from = charIndex[start];
  const to = charIndex[end];
  if (from < 0 || to < 0) return vocabulary.byteRanks.get(latin1(start, end));
  return vocabulary.stringRanks.get(text.slice(from, to));
}

function latin1(start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

// --- remembered counts of single characters: a long CJK run is mostly cut into those (see
// pretokenCuts.ts), and a character merges the same way every time. Count + 1 by code point, 0 for
// not yet seen; no character is more than 4 bytes, so no count is more than 4.

const characterCounts = new WeakMap<Vocabulary, Uint8Array>();
let countsVocabulary: Vocabulary | undefined;
let counts: Uint8Array = new Uint8Array(0);

/** mergedTokenCount of the one character `codePoint` (not a surrogate). */
export function characterTokenCount(codePoint: number, vocab: Vocabulary): number {
  if (vocab !== countsVocabulary) {
    countsVocabulary = vocab;
    counts = characterCounts.get(vocab) ?? new Uint8Array(0x110000);
    characterCounts.set(vocab, counts);
  }
  const known = counts[codePoint];
  if (known !== 0) return known - 1;
  const count = merge(String.fromCodePoint(codePoint), vocab);
  counts[codePoint] = count + 1;
  return count;
}

/** The code point `piece` consists of, or -1 when it is more or less than one (or a lone surrogate). */
function singleCodePoint(piece: string): number {
  if (piece.length === 1) {
    const c = piece.charCodeAt(0);
    return c >= 0xd800 && c < 0xe000 ? -1 : c;
  }
  if (piece.length !== 2) return -1;
  const high = piece.charCodeAt(0);
  const low = piece.charCodeAt(1);
  return high >= 0xd800 && high < 0xdc00 && low >= 0xdc00 && low < 0xe000 ? (piece.codePointAt(0) as number) : -1;
}

// --- remembered pair answers: direct-mapped, a collision overwrites. A slot is 4 int32s – left
// rank, right rank, rank of the pair, unused – so that one probe touches one cache line.

const PAIR_BITS = 15;
const PAIR_SHIFT = 32 - PAIR_BITS;

const pairTables = new WeakMap<Vocabulary, Int32Array>();

function pairTableFor(vocab: Vocabulary): Int32Array {
  let table = pairTables.get(vocab);
  if (!table) {
    // RANK_LIMIT is no rank, so an empty slot matches no pair.
    table = new Int32Array(4 << PAIR_BITS).fill(RANK_LIMIT);
    pairTables.set(vocab, table);
  }
  return table;
}

// --- the pre-token as bytes

function load(piece: string, vocab: Vocabulary): void {
  if (vocab !== vocabulary) {
    vocabulary = vocab;
    pairs = pairTableFor(vocab);
  }
  grow(piece.length * 3);
  text = piece;
  const loneSurrogates = encode(piece);
  ascii = byteLength === piece.length;
  // A lone surrogate was written as U+FFFD, as TextEncoder (and so gpt-tokenizer) writes it; the
  // text the string keys are cut from must say the same (one code unit either way, so charIndex holds).
  if (loneSurrogates) text = (piece as unknown as { toWellFormed(): string }).toWellFormed(); // ES2024, Node 20+
}

/**
 * Writes the UTF-8 bytes of `s` into `bytes` and the index of each character's first byte into
 * charIndex; returns whether it met a lone surrogate. By hand rather than with TextEncoder: pieces
 * are mostly a few bytes, where the call into the runtime costs more than the loop.
 */
function encode(s: string): boolean {
  let b = 0;
  let lone = false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    charIndex[b] = i;
    if (c < 0x80) {
      bytes[b++] = c;
      continue;
    }
    if (c < 0x800) {
      bytes[b] = 0xc0 | (c >> 6);
      bytes[b + 1] = 0x80 | (c & 0x3f);
      charIndex[b + 1] = -1;
      b += 2;
      continue;
    }
    if (c >= 0xd800 && c < 0xe000) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        bytes[b] = 0xf0 | (cp >> 18);
        bytes[b + 1] = 0x80 | ((cp >> 12) & 0x3f);
        bytes[b + 2] = 0x80 | ((cp >> 6) & 0x3f);
        bytes[b + 3] = 0x80 | (cp & 0x3f);
        charIndex[b + 1] = charIndex[b + 2] = charIndex[b + 3] = -1;
        b += 4;
        i++;
        continue;
      }
      lone = true;
      c = 0xfffd;
    }
    bytes[b] = 0xe0 | (c >> 12);
    bytes[b + 1] = 0x80 | ((c >> 6) & 0x3f);
    bytes[b + 2] = 0x80 | (c & 0x3f);
    charIndex[b + 1] = charIndex[b + 2] = -1;
    b += 3;
  }
  charIndex[b] = s.length;
  byteLength = b;
  return lone;
}

function grow(maxBytes: number): void {
  if (ends.length > maxBytes) return;
  const size = Math.max(maxBytes + 1, ends.length * 2);
  ends = new Int32Array(size);
  befores = new Int32Array(size);
  partRanks = new Int32Array(size);
  pairRanks = new Int32Array(size);
  charIndex = new Int32Array(size);
  bytes = new Uint8Array(size);
  // Each merge queues at most two pairs again, on top of the n - 1 first ones.
  heap = new Float64Array(3 * size);
}

// --- 4-ary min-heap over heap[0..heapSize): half the depth of a binary one, and the four
// children of a node share a cache line; most pops here are stale entries, so pops dominate.

function heapify(): void {
  for (let i = (heapSize - 2) >> 2; i >= 0; i--) siftDown(i);
}

function push(key: number): void {
  let i = heapSize++;
  while (i > 0) {
    const parent = (i - 1) >> 2;
    if (heap[parent] <= key) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = key;
}

function popMin(): number {
  const top = heap[0];
  heapSize--;
  if (heapSize > 0) {
    heap[0] = heap[heapSize];
    siftDown(0);
  }
  return top;
}

function siftDown(from: number): void {
  const key = heap[from];
  let i = from;
  for (;;) {
    const first = 4 * i + 1;
    if (first >= heapSize) break;
    let child = first;
    let smallest = heap[first];
    const last = Math.min(first + 4, heapSize);
    for (let c = first + 1; c < last; c++) {
      if (heap[c] < smallest) {
        smallest = heap[c];
        child = c;
      }
    }
    if (smallest >= key) break;
    heap[i] = smallest;
    i = child;
  }
  heap[i] = key;
}
