// A Bloom filter of a vocabulary's string tokens: "certainly not a token" for a stretch of text,
// without building a substring or probing the 200k-entry rank map.
//
// Merging random text (base64, punctuation, random letters) asks about many pairs that are no token
// – nine in ten – and each probe of the rank map costs a few cache misses and a new string. Here a
// probe hashes the code units in place and reads one cache line: the filter is blocked, all three
// bits of a string sit in the same 512-bit block. 4 Mbit (512 KB) for o200k_base's 200k tokens:
// 13% of the bits set, and 1 in 400 strings that are no token pass (measured on random ASCII) –
// those are then looked up for real. A token always passes.

const BLOCK_BITS = 13; // 8,192 blocks
const WORDS_PER_BLOCK = 16; // 512 bits, one 64-byte cache line

export type TokenFilter = Uint32Array;

export function emptyTokenFilter(): TokenFilter {
  return new Uint32Array((1 << BLOCK_BITS) * WORDS_PER_BLOCK);
}

export function addToken(filter: TokenFilter, token: string): void {
  add(filter, hashOf(token, 0, token.length));
}

/** False when text[start, end) is certainly no token; true when it may be one. */
export function mayBeToken(filter: TokenFilter, text: string, start: number, end: number): boolean {
  const h = hashOf(text, start, end);
  const block = blockOf(h);
  return has(filter, block, h & 511) && has(filter, block, (h >>> 9) & 511) && has(filter, block, (h >>> 18) & 511);
}

function add(filter: TokenFilter, h: number): void {
  const block = blockOf(h);
  set(filter, block, h & 511);
  set(filter, block, (h >>> 9) & 511);
  set(filter, block, (h >>> 18) & 511);
}

function set(filter: TokenFilter, block: number, bit: number): void {
  filter[block + (bit >>> 5)] |= 1 << (bit & 31);
}

function has(filter: TokenFilter, block: number, bit: number): boolean {
  return (filter[block + (bit >>> 5)] & (1 << (bit & 31))) !== 0;
}

/** First word of the block for hash `h`: from a further mix of it, as its low 27 bits pick the bits inside. */
function blockOf(h: number): number {
  return (Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> (32 - BLOCK_BITS)) * WORDS_PER_BLOCK;
}

/** FNV-1a over UTF-16 code units, then a final mix so that short strings spread. */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}
