// Which neighbours ever meet inside a token: bit sets, built once per vocabulary, of the adjacent
// code units in the string tokens and of the adjacent bytes in the tokens that are not valid UTF-8.
// No false negatives: when two neighbours are not in them, no token holds them side by side, so BPE
// never joins across them – which lets pretokenCuts.ts cut a pre-token exactly there, and lets
// bytePairMerge.ts skip pairs that cannot be a token.

/** 4 Mbit (512 KB) for the code-unit pairs: o200k_base sets 0.6% of them, so about 1 pair in 170 passes wrongly (no harm: it is only not cut). */
const UNIT_BITS = 22;

export interface Junctions {
  /** Adjacent UTF-16 code units in any string token, indexed by unitJunction. */
  readonly units: Uint32Array;
  /** Adjacent bytes in any token that is not valid UTF-8 (1,571 in o200k_base), indexed by first byte * 256 + second. */
  readonly bytes: Uint32Array;
}

export function emptyJunctions(): Junctions {
  return { units: new Uint32Array(2 ** UNIT_BITS / 32), bytes: new Uint32Array(65_536 / 32) };
}

export function addStringToken(junctions: Junctions, token: string): void {
  for (let i = 1; i < token.length; i++) set(junctions.units, unitJunction(token.charCodeAt(i - 1), token.charCodeAt(i)));
}

/** A token that is not valid UTF-8, as a latin1 string (one character per byte). */
export function addByteToken(junctions: Junctions, token: string): void {
  for (let i = 1; i < token.length; i++) set(junctions.bytes, byteJunction(token.charCodeAt(i - 1), token.charCodeAt(i)));
}

/** Whether some string token has code unit `left` right before `right`. */
export function unitsMeet(junctions: Junctions, left: number, right: number): boolean {
  return has(junctions.units, unitJunction(left, right));
}

/** Whether some token that is not valid UTF-8 has byte `left` right before `right`. */
export function bytesMeet(junctions: Junctions, left: number, right: number): boolean {
  return has(junctions.bytes, byteJunction(left, right));
}

/** Two ASCII code units get the first 16,384 bits to themselves (2 KB that stay in cache); the rest are hashed over the whole set. */
function unitJunction(left: number, right: number): number {
  if ((left | right) < 0x80) return (left << 7) | right;
  return (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) >>> (32 - UNIT_BITS);
}

function byteJunction(left: number, right: number): number {
  return left * 256 + right;
}

function set(bits: Uint32Array, bit: number): void {
  bits[bit >>> 5] |= 1 << (bit & 31);
}

function has(bits: Uint32Array, bit: number): boolean {
  return (bits[bit >>> 5] & (1 << (bit & 31))) !== 0;
}
