// Linear-time token counting (src/core/tokens/linearCount.ts and what it uses) against
// gpt-tokenizer's own countTokens on the unsplit text: equal everywhere except across forced cuts
// in long runs, where the difference stays within the stated bound.
// Seeds are fixed (PW_FC_SEED overrides) so a failure reproduces; PW_FC_RUNS scales the runs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as o200kModule from 'gpt-tokenizer/encoding/o200k_base';
import * as cl100kModule from 'gpt-tokenizer/encoding/cl100k_base';
import { CL100K_TOKEN_SPLIT_REGEX, O200K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { mergedTokenCount } from '../../../src/core/tokens/bytePairMerge.js';
import { COUNT_LIMITS, countShort, countSteps, type CountLimits } from '../../../src/core/tokens/linearCount.js';
import { isExactCut } from '../../../src/core/tokens/pretokenCuts.js';
import { runNow } from '../../../src/core/tokens/timeSlices.js';
import { mayBeToken } from '../../../src/core/tokens/tokenFilter.js';
import { countText, encoderOf } from '../../../src/core/tokens/tokenizer.js';
import { vocabularyOf, type Vocabulary } from '../../../src/core/tokens/vocabulary.js';

const SEED = Number(process.env.PW_FC_SEED ?? 20261122);
const RUNS = Number(process.env.PW_FC_RUNS ?? 200);
const params = (runs: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round((runs * RUNS) / 200)), includeErrorInReport: true });

/** The bound stated in linearCount.ts: a forced cut changes the count by at most this many tokens either way. */
const TOKENS_PER_FORCED_CUT = 3;

const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };
const encodings = [
  { name: 'o200k_base', module: o200kModule, regex: O200K_TOKEN_SPLIT_REGEX },
  { name: 'cl100k_base', module: cl100kModule, regex: CL100K_TOKEN_SPLIT_REGEX },
].map((e) => ({ ...e, vocab: vocabularyOf(e.module) as Vocabulary, reference: (text: string) => e.module.countTokens(text, PLAIN_TEXT) }));

const count = (text: string, vocab: Vocabulary, limits: CountLimits = COUNT_LIMITS) => runNow(countSteps(text, vocab, limits));
/** Every pre-token goes through the cut search, and no cut is ever forced. */
const EXACT_CUTS_ONLY: CountLimits = { shortChars: 1, maxPieceChars: Number.POSITIVE_INFINITY, yieldEveryChars: 16_384 };
/** No cut at all: each pre-token merged whole, as gpt-tokenizer does. */
const NO_CUTS: CountLimits = { shortChars: Number.POSITIVE_INFINITY, maxPieceChars: Number.POSITIVE_INFINITY, yieldEveryChars: 16_384 };

// ---------------------------------------------------------------------------------------------
// Generators

const FRAGMENTS = [
  'the',
  'The',
  ' quick',
  'brown',
  "don't",
  "I'M",
  'naïve',
  'café',
  'Ünïcödé',
  'résumé',
  'straße',
  ' ',
  '  ',
  '   ',
  '\n',
  '\n\n',
  '\r\n',
  '\t',
  '\t\t',
  ' \n ',
  '\u00a0',
  '\u3000',
  '0',
  '42',
  '3.14159',
  '2024-11-22',
  '1,000,000',
  '€19.99',
  '#A-1042',
  '§4.2',
  'function f(x) { return x + 1; }',
  'if (a && b) {\n  return;\n}',
  'const xs = [1, 2, 3];',
  '// comment',
  '/* c */',
  '=>',
  '!==',
  '...',
  '{"a": 1, "b": [true, null]}',
  '<div class="x">',
  '</div>',
  'https://example.com/a?b=c&d=e',
  'user@example.com',
  '🙂',
  '🚀',
  '👍🏽',
  '👨‍👩‍👧',
  '東京',
  '日本語のテキスト',
  '中文',
  '한국어',
  'Привет',
  'مرحبا',
  'שלום',
  'ไทย',
  'e\u0301',
  '<|endoftext|>',
  '<|im_start|>',
  '<|fim_prefix|>',
  '\ufeff',
  '\ufeff名',
  '\ud800',
  '\udc00',
  '====',
  '----',
  '***',
];

const fragment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);
const typicalText = fc.array(fragment, { maxLength: 80, size: 'max' }).map((parts) => parts.join(''));

/** Text drawn from a small alphabet: runs like these are what makes BPE slow. */
const runOf = (alphabet: readonly string[], minLength: number, maxLength: number) => fc.array(fc.constantFrom(...alphabet), { minLength, maxLength, size: 'max' }).map((chars) => chars.join(''));

const RUN_ALPHABETS: readonly (readonly string[])[] = [
  ['a'],
  ['a', 'b'],
  [...'acgt'],
  [...'abcdefghijklmnopqrstuvwxyz'],
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  [' '],
  [' ', '\t'],
  [' ', '\t', '\n'],
  [...'!#$%&*+-./:;<=>?@^_|~'],
  ['=', '-'],
  [...'的一是不了人我在有他这中大来上国个到说们'],
  [...'abc', 'é', '\u0301'],
  ['🙂', '🚀', 'x'],
  ['\ufeff', ' ', 'a', '名', '前', '\u1784'],
];
const anyRun = (minLength: number, maxLength: number) => fc.constantFrom(...RUN_ALPHABETS).chain((alphabet) => runOf(alphabet, minLength, maxLength));

/** Code points from everywhere (most are no token, and two of them rarely stand side by side in one). */
const scatteredText = (minLength: number, maxLength: number) =>
  fc
    .array(fc.oneof(fc.integer({ min: 0x4e00, max: 0x9fff }), fc.integer({ min: 0xa0, max: 0x2ffff })), { minLength, maxLength, size: 'max' })
    .map((cps) => cps.map((cp) => (cp >= 0xd800 && cp < 0xe000 ? 'x' : String.fromCodePoint(cp))).join(''));

// ---------------------------------------------------------------------------------------------

describe('linear token counting', () => {
  it("reads gpt-tokenizer's tables (else counting falls back to its quadratic countTokens)", () => {
    for (const e of encodings) {
      assert.ok(e.vocab, `${e.name}: vocabularyOf found no tables`);
      assert.equal(e.vocab.pretokenizer.source, e.regex.source, `${e.name}: the pre-tokenizer is gpt-tokenizer's published one`);
      assert.equal(e.vocab.maxTokenBytes, 128, e.name);
    }
  });

  it('counts prose, code, JSON, emoji, whitespace and mixed scripts exactly as gpt-tokenizer does', () => {
    for (const e of encodings) {
      fc.assert(
        fc.property(typicalText, (text) => assert.equal(count(text, e.vocab), e.reference(text), `${e.name}: ${JSON.stringify(text)}`)),
        params(300),
      );
    }
  });

  it('counts any string exactly – lone surrogates, byte order marks and control characters included', () => {
    const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200, size: 'max' }), fc.string({ unit: 'binary-ascii', maxLength: 200, size: 'max' }), fc.string({ maxLength: 200, size: 'max' }));
    for (const e of encodings) {
      fc.assert(
        fc.property(anyText, (text) => assert.equal(count(text, e.vocab), e.reference(text), `${e.name}: ${JSON.stringify(text)}`)),
        params(300),
      );
    }
  });

  it('counts special-token lookalikes as plain text, as the API bills message content', async () => {
    const text = 'Stop at <|endoftext|> or <|im_end|>.';
    assert.throws(() => o200kModule.countTokens(text), /Disallowed special token/, "gpt-tokenizer's default would throw here");
    const n = await countText(text, 'o200k_base');
    assert.equal(n, o200kModule.countTokens(text, PLAIN_TEXT));
    assert.ok(n > 10, 'each lookalike is several ordinary tokens');
  });

  it("merges one long pre-token in O(n log n) to gpt-tokenizer's very tokens", () => {
    for (const e of encodings) {
      fc.assert(
        fc.property(anyRun(1, 2000), (run) => assert.equal(count(run, e.vocab, NO_CUTS), e.reference(run), `${e.name}: ${JSON.stringify(run.slice(0, 40))}… (${run.length})`)),
        params(60),
      );
    }
  });

  it("merges any piece as gpt-tokenizer's own merge does, its byte-order-mark quirk included", () => {
    // gpt-tokenizer's merge of one pre-token, reached the way vocabulary.ts reaches its tables.
    const libraryMerge = (module: unknown, piece: string) =>
      (module as { default: { bytePairEncodingCoreProcessor: { bytePairMerge(bytes: Uint8Array): number[] } } }).default.bytePairEncodingCoreProcessor.bytePairMerge(new TextEncoder().encode(piece))
        .length;
    assert.equal(mergedTokenCount('\ufeff名', encodings[0].vocab), 1, 'U+FEFF joins the token after it');
    const pieces = fc
      .array(fc.constantFrom('\ufeff', ' ', 'a', '名', '前', '\u1784', '\n', '中', '🙂', '\ud800', 'using', '#', '==', 'é'), { maxLength: 12, size: 'max' })
      .map((parts) => parts.join(''));
    for (const e of encodings) {
      fc.assert(
        fc.property(pieces, (piece) => assert.equal(mergedTokenCount(piece, e.vocab), libraryMerge(e.module, piece), `${e.name}: ${JSON.stringify(piece)}`)),
        params(2000),
      );
    }
  });

  it('never rules out a real token: every token passes the Bloom filter', () => {
    for (const e of encodings) {
      for (const token of e.vocab.stringRanks.keys()) assert.ok(mayBeToken(e.vocab.tokenFilter, token, 0, token.length), `${e.name}: ${JSON.stringify(token)}`);
    }
  });

  it('cuts a pre-token exactly where no token can span the cut', () => {
    for (const e of encodings) {
      // Every cut the search finds, on text where most junctions can be cut.
      fc.assert(
        fc.property(scatteredText(1, 3000), (text) => assert.equal(count(text, e.vocab, EXACT_CUTS_ONLY), e.reference(text), `${e.name}: ${JSON.stringify(text.slice(0, 40))}…`)),
        params(60),
      );
      // Every cut it allows, on the runs where cuts are rarest, against the run merged whole (which
      // the tests above hold to gpt-tokenizer's count).
      fc.assert(
        fc.property(anyRun(2, 120), (run) => {
          const whole = mergedTokenCount(run, e.vocab);
          for (let cut = 1; cut < run.length; cut++) {
            if (!isExactCut(run, cut, e.vocab)) continue;
            const apart = mergedTokenCount(run.slice(0, cut), e.vocab) + mergedTokenCount(run.slice(cut), e.vocab);
            assert.equal(apart, whole, `${e.name}: ${JSON.stringify(run)} at ${cut}`);
          }
        }),
        params(300),
      );
    }
  });

  it(`forced cuts in long runs change the count by at most ${TOKENS_PER_FORCED_CUT} tokens each (runs of 2–12k characters, counted whole by gpt-tokenizer)`, () => {
    const e = encodings[0];
    fc.assert(
      fc.property(anyRun(2000, 12_000), fc.integer({ min: 64, max: 2048 }), (run, maxPieceChars) => {
        const limits = { ...COUNT_LIMITS, maxPieceChars };
        const forcedCutsAtMost = Math.floor((run.length - 1) / maxPieceChars);
        const difference = count(run, e.vocab, limits) - e.reference(run);
        assert.ok(Math.abs(difference) <= TOKENS_PER_FORCED_CUT * forcedCutsAtMost, `${JSON.stringify(run.slice(0, 30))}… (${run.length} chars, pieces of ${maxPieceChars}): off by ${difference}`);
      }),
      params(24),
    );
  });

  it("falls back to gpt-tokenizer's own count, as plain text, when its tables are out of reach", () => {
    const calls: string[] = [];
    const library = { countTokens: (text: string, options: { disallowedSpecial: Set<string> }) => (calls.push(text), o200kModule.countTokens(text, options)) };
    const encoder = encoderOf(library, { default: library });
    assert.equal(encoder.countTokens('Hi <|endoftext|> there'), o200kModule.countTokens('Hi <|endoftext|> there', PLAIN_TEXT));
    assert.deepEqual(calls, ['Hi <|endoftext|> there']);
  });

  it('counts a short text at once as its steps count it, and leaves a longer one to the steps', () => {
    const texts = [
      '',
      'Ticket T-000001 from Ada about Phone X:\nlate',
      '東京🙂 '.repeat(40),
      'a'.repeat(COUNT_LIMITS.yieldEveryChars),
      '='.repeat(3000) + ' end',
      Buffer.from('pixels'.repeat(400)).toString('base64'),
    ];
    for (const e of encodings) {
      for (const text of texts) assert.equal(countShort(text, e.vocab), count(text, e.vocab), `${e.name}: ${JSON.stringify(text.slice(0, 20))}… (${text.length} chars)`);
      // One regex serves every short count: a count must not start where the last one stopped.
      assert.equal(countShort('hello world', e.vocab), countShort('hello world', e.vocab));
      assert.equal(countShort('a'.repeat(COUNT_LIMITS.yieldEveryChars + 1), e.vocab), undefined);
    }
  });

  it('counts the same through the public async API', async () => {
    const text = `${'東京🙂 '.repeat(500)}${'x'.repeat(20_000)}${Buffer.from('pixels'.repeat(3000)).toString('base64')}`;
    for (const e of encodings) assert.equal(await countText(text, e.name as 'o200k_base' | 'cl100k_base'), count(text, e.vocab));
  });
});
