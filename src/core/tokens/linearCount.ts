import { mergedTokenCount } from './bytePairMerge.js';
import { nextCut } from './pretokenCuts.js';
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
  // Its own copy: the regex's lastIndex is the position, and two counts may be paused at once.
  const pretokens = new RegExp(vocab.pretokenizer.source, vocab.pretokenizer.flags);
  const pace: Pace = { sinceYield: 0, repeats: new Map() };
  let total = 0;
  for (let match = pretokens.exec(text); match !== null; match = pretokens.exec(text)) {
    const pretoken = match[0];
    if (pretoken.length <= limits.shortChars && isAscii(pretoken)) {
      total += shortPretokenCount(pretoken, vocab);
      pace.sinceYield += pretoken.length;
    } else {
      total += yield* cutPretokenSteps(pretoken, vocab, limits, pace);
    }
    if (pace.sinceYield >= limits.yieldEveryChars) {
      pace.sinceYield = 0;
      yield;
    }
  }
  return total;
}

/** What one count carries from pre-token to pre-token. */
interface Pace {
  /** Characters counted since the last yield. */
  sinceYield: number;
  repeats: PieceCounts;
}

function shortPretokenCount(pretoken: string, vocab: Vocabulary): number {
  return isToken(pretoken, vocab) ? 1 : mergedTokenCount(pretoken, vocab);
}

/**
 * Counts of the pieces cut out of a run without an exact cut, during one count. Such runs are
 * nearly always repetitions (one letter, '=====', spaces), so the same piece comes back; kept per
 * count, not longer, because a piece is a slice that keeps the whole text alive.
 */
type PieceCounts = Map<string, number>;
const REMEMBERED_PIECES = 16;

/** A pre-token piece by piece, cut where exact (else every maxPieceChars), yielding between pieces as countSteps does between pre-tokens. */
function* cutPretokenSteps(pretoken: string, vocab: Vocabulary, limits: CountLimits, pace: Pace): Generator<void, number, void> {
  if (isToken(pretoken, vocab)) {
    pace.sinceYield += pretoken.length;
    return 1;
  }
  let count = 0;
  for (let start = 0; start < pretoken.length; ) {
    const { end, exact } = nextCut(pretoken, start, vocab, limits.maxPieceChars);
    const piece = pretoken.slice(start, end);
    count += exact ? mergedTokenCount(piece, vocab) : repeatedPieceCount(piece, vocab, pace.repeats);
    pace.sinceYield += end - start;
    start = end;
    if (pace.sinceYield >= limits.yieldEveryChars) {
      pace.sinceYield = 0;
      yield;
    }
  }
  return count;
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
