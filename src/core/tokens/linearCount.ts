import { characterTokenCount, mergedTokenCount } from './bytePairMerge.js';
import { forcedCut, nextExactCut } from './pretokenCuts.js';
import { isToken, type Vocabulary } from './vocabulary.js';

// Token counts in time linear in the text, equal to gpt-tokenizer's countTokens(text) with special
// tokens counted as plain text – except inside a single run that no exact cut can split for
// maxPieceChars characters.
//
// Why not gpt-tokenizer's countTokens: its merge is quadratic in the length of a pre-token
// (100 KB of one letter: 15 s) and looks each candidate pair up through a TextDecoder call, so even
// base64, whose pre-tokens are all short, counts ~12× slower than prose. Here the text is split
// with the encoding's own pre-tokenizer (BPE never merges across its matches, so nothing changes
// there), a pre-token that is a token is one token (as in gpt-tokenizer), and any other is merged
// by bytePairMerge.ts in O(n log n).
//
// A long pre-token is merged in pieces, cut where pretokenCuts.ts proves no token can span the
// cut – exact. Only when a run has no such place for maxPieceChars characters (a run of one
// letter, of some punctuation, of whitespace) is it cut there anyway, to bound the memory of one
// merge and the time between two yields. That is the one approximation; its bound is tested in
// tokensLinear.test.ts.

export interface CountLimits {
  /**
   * ASCII pre-tokens up to this long are merged whole, without looking for cuts: two ASCII
   * characters nearly always meet in some token. Others are cut wherever exact – between two
   * characters of other scripts, nine junctions in ten.
   */
  shortChars: number;
  /** Longest piece of a pre-token merged at once: a run without an exact cut is cut here anyway. */
  maxPieceChars: number;
  /** Characters counted between two yields of countSteps (or one piece, if longer). */
  yieldEveryChars: number;
}

export const COUNT_LIMITS: CountLimits = { shortChars: 16, maxPieceChars: 4096, yieldEveryChars: 4096 };

/** Counts `text`, yielding every `yieldEveryChars` characters or so, so that a caller can pause; returns the count. */
export function* countSteps(text: string, vocab: Vocabulary, limits: CountLimits = COUNT_LIMITS): Generator<void, number, void> {
  // The work is done by plain functions between yields: V8 runs a loop inside a generator about
  // half as fast, which on prose is most of the time.
  // Its own regex: the regex's lastIndex is the position, and two counts may be paused at once.
  const progress = startCount(copyOf(vocab.pretokenizer));
  while (!countSome(text, vocab, limits, progress)) yield;
  return progress.total;
}

/**
 * Counts `text` at once, when it is no longer than `yieldEveryChars` (so countSteps would not have
 * paused it either); undefined for a longer text. A dataset row's messages are this short: a
 * million of them counted without a generator each is ~10% of an estimate.
 */
export function countShort(text: string, vocab: Vocabulary, limits: CountLimits = COUNT_LIMITS): number | undefined {
  if (text.length > limits.yieldEveryChars) return undefined;
  // Nothing pauses between here and the return, so one regex per vocabulary serves every such count.
  let pretokens = shortCountRegex.get(vocab);
  if (!pretokens) shortCountRegex.set(vocab, (pretokens = copyOf(vocab.pretokenizer)));
  pretokens.lastIndex = 0;
  const progress = startCount(pretokens);
  while (!countSome(text, vocab, limits, progress));
  return progress.total;
}

const shortCountRegex = new WeakMap<Vocabulary, RegExp>();

function startCount(pretokens: RegExp): Progress {
  return { pretokens, total: 0, cutting: '', cutAt: 0 };
}

function copyOf(regex: RegExp): RegExp {
  return new RegExp(regex.source, regex.flags);
}

/** Where a count stands between two yields. */
interface Progress {
  pretokens: RegExp;
  total: number;
  /** The pre-token being counted piece by piece ('' for none), and where its next piece starts. */
  cutting: string;
  cutAt: number;
  /** Made on first use: most counts never cut a run without an exact cut. */
  repeats?: PieceCounts;
}

/** Counts on for about yieldEveryChars characters; true once the text is done. */
function countSome(text: string, vocab: Vocabulary, limits: CountLimits, progress: Progress): boolean {
  let budget = limits.yieldEveryChars;
  for (;;) {
    if (progress.cutting !== '') {
      budget = countPieces(vocab, limits, progress, budget);
      if (progress.cutting !== '') return false;
    }
    if (budget <= 0) return false;
    const match = progress.pretokens.exec(text);
    if (match === null) return true;
    const pretoken = match[0];
    if (isToken(pretoken, vocab)) {
      progress.total += 1;
      budget -= pretoken.length;
    } else if (pretoken.length <= limits.shortChars && isAscii(pretoken)) {
      progress.total += mergedTokenCount(pretoken, vocab);
      budget -= pretoken.length;
    } else {
      // Cut into pieces, now and, if it is long, over the next calls.
      progress.cutting = pretoken;
      progress.cutAt = 0;
    }
  }
}

/** Counts pieces of the pre-token being cut while `budget` (characters) lasts; returns what is left of it. */
function countPieces(vocab: Vocabulary, limits: CountLimits, progress: Progress, budget: number): number {
  const pretoken = progress.cutting;
  let start = progress.cutAt;
  while (start < pretoken.length && budget > 0) {
    const limit = Math.min(pretoken.length, start + limits.maxPieceChars);
    const exact = nextExactCut(pretoken, start, limit, vocab);
    const end = exact >= 0 ? exact : forcedCut(pretoken, limit);
    progress.total += exact >= 0 ? exactPieceCount(pretoken, start, end, vocab) : repeatedPieceCount(pretoken.slice(start, end), vocab, (progress.repeats ??= new Map()));
    budget -= end - start;
    start = end;
  }
  progress.cutAt = start;
  if (start >= pretoken.length) progress.cutting = '';
  return budget;
}

/**
 * Counts of the pieces cut out of a run without an exact cut, during one count. Such runs are
 * nearly always repetitions (one letter, '=====', spaces), so the same piece comes back; kept per
 * count, not longer, because a piece is a slice that keeps the whole text alive.
 */
type PieceCounts = Map<string, number>;
const REMEMBERED_PIECES = 16;

/** A piece between exact cuts: mostly one character (in CJK text), counted without building a string for it. */
function exactPieceCount(pretoken: string, start: number, end: number, vocab: Vocabulary): number {
  const first = pretoken.charCodeAt(start);
  if (end - start === 1 && (first < 0xd800 || first >= 0xe000)) return characterTokenCount(first, vocab);
  if (end - start === 2 && first >= 0xd800 && first < 0xdc00) {
    const second = pretoken.charCodeAt(start + 1);
    if (second >= 0xdc00 && second < 0xe000) return characterTokenCount(pretoken.codePointAt(start) as number, vocab);
  }
  return mergedTokenCount(pretoken.slice(start, end), vocab);
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

function repeatedPieceCount(piece: string, vocab: Vocabulary, repeats: PieceCounts): number {
  const known = repeats.get(piece);
  if (known !== undefined) return known;
  const count = mergedTokenCount(piece, vocab);
  if (repeats.size >= REMEMBERED_PIECES) repeats.delete(repeats.keys().next().value as string);
  repeats.set(piece, count);
  return count;
}
