// The kinds beyond gh's string and judge evaluators, one by one, without a model: each passes and
// fails, and says why in words a reader of a failing case understands.
import test from 'node:test';
import assert from 'node:assert/strict';
import { callsModel, codePaths, embeds, evaluatorSchema, hasKind, needsJson, runEvaluator, type Evaluator } from '../../../src/core/evaluators/registry.js';
import { parseOutputJson } from '../../../src/core/evaluators/outputJson.js';
import { bleuScore, bleuTokens } from '../../../src/core/evaluators/bleu.js';
import { rougeL } from '../../../src/core/evaluators/rougeL.js';
import { similarityRatio } from '../../../src/core/evaluators/levenshtein.js';
import { readRubricReply } from '../../../src/core/evaluators/rubric.js';
import { refusalPhrase } from '../../../src/core/evaluators/refusal.js';
import { readCodeResult } from '../../../src/core/evaluators/javascript.js';
import { cosine } from '../../../src/core/evaluators/similar.js';
import { canaryOf, canaryToken, withCanary } from '../../../src/core/canary.js';
import type { EmbedRequest, EvalContext, JudgeRequest } from '../../../src/core/evaluators/types.js';

function ctx(output: string, extra: Partial<EvalContext> = {}): EvalContext {
  return {
    output,
    json: parseOutputJson(output),
    vars: { expected: 'Paris', city: 'Paris', product: 'kettle' },
    metrics: { costUsd: 0, latencyMs: 10, inputTokens: 10, outputTokens: 5 },
    judgeModel: 'openai/judge',
    judge: async () => {
      throw new Error('no judge in this test');
    },
    ...extra,
  };
}

const run = (e: Omit<Evaluator, 'name'>, c: EvalContext) => runEvaluator({ name: 'e', ...e }, c);

test('not negates any kind, says "(must not)" when the inner check held, and keeps an inner error an error', async () => {
  const found = await run({ not: { string: { contains: 'sorry' } } }, ctx('Sorry, no.'));
  assert.equal(found.passed, false);
  assert.equal(found.reason, 'contains "sorry" (must not)');
  assert.equal(found.kind, 'not');
  const absent = await run({ not: { string: { contains: 'sorry' } } }, ctx('Here you go.'));
  assert.deepEqual([absent.passed, absent.score, absent.reason], [true, 1, 'does not contain "sorry"']);
  assert.equal((await run({ not: { not: { regex: '^Par' } } }, ctx('Paris'))).passed, true, 'double negation');
  assert.equal((await run({ not: { containsAll: ['a', 'b', 'c', 'd'] } }, ctx('a b'))).score, 0.5, 'the score is turned around too');
  const broken = await run({ not: { regex: '(' } }, ctx('x'));
  assert.equal(broken.evaluatorError, true, 'a regex that does not compile is not a pass');
  assert.equal((await run({ not: { jsonSchema: true } }, ctx('{}'))).evaluatorError, true);
});

test('not is validated by the registry: the inner body needs exactly one known kind', () => {
  assert.equal(evaluatorSchema.safeParse({ name: 'x', not: { string: { contains: 'a' } } }).success, true);
  const none = evaluatorSchema.safeParse({ name: 'x', not: {} });
  assert.equal(none.success, false);
  assert.match(none.error.issues[0].message, /needs one of string, llm/);
  assert.deepEqual(none.error.issues[0].path, ['not']);
  const two = evaluatorSchema.safeParse({ name: 'x', not: { regex: 'a', json: true } });
  assert.match(two.error!.issues[0].message, /has regex and json/);
  const deep = evaluatorSchema.safeParse({ name: 'x', not: { not: { wordCount: { min: 'many' } } } });
  assert.deepEqual(deep.error!.issues[0].path, ['not', 'not', 'wordCount', 'min']);
});

test('containsAny / containsAll ignore case unless caseSensitive, and are templated', async () => {
  assert.equal((await run({ containsAny: ['REFUND', 'money back'] }, ctx('We will refund you.'))).passed, true);
  const none = await run({ containsAny: ['refund', 'credit'] }, ctx('No.'));
  assert.deepEqual([none.passed, none.reason], [false, 'contains none of "refund", "credit"']);
  const sensitive = await run({ containsAny: { values: ['REFUND'], caseSensitive: true } }, ctx('We will refund you.'));
  assert.deepEqual([sensitive.passed, sensitive.reason], [false, 'contains none of "REFUND" (case-sensitive)']);
  assert.equal((await run({ containsAll: ['{{city}}', 'eur'] }, ctx('Paris, 12 EUR'))).passed, true);
  const partly = await run({ containsAll: { values: ['{{city}}', 'eur'], caseSensitive: true } }, ctx('Paris, 12 EUR'));
  assert.deepEqual([partly.passed, partly.score, partly.reason], [false, 0.5, 'does not contain "eur" (case-sensitive)']);
});

test('levenshtein: maxDistance and minSimilarity, exact case, templated value', async () => {
  const near = await run({ levenshtein: { value: '{{expected}}', maxDistance: 1 } }, ctx('Pari'));
  assert.deepEqual([near.passed, near.reason], [true, '1 edit from "Paris" (max 1)']);
  assert.equal((await run({ levenshtein: { value: 'Paris', maxDistance: 1 } }, ctx('paris!'))).passed, false, 'case counts: 2 edits');
  const ratio = await run({ levenshtein: { value: 'kitten', minSimilarity: 0.6 } }, ctx('sitting'));
  assert.equal(ratio.passed, false);
  assert.equal(ratio.reason, '3 edits from "kitten"; similarity 0.57 (min 0.6)');
  assert.equal(similarityRatio('', ''), 1);
  assert.equal(similarityRatio('abc', 'xyz'), 0);
  assert.equal(evaluatorSchema.safeParse({ name: 'l', levenshtein: { value: 'x' } }).success, false, 'needs a limit');
});

test('BLEU matches NLTK on its documented example, and the smoothed sentence score passes and fails', async () => {
  // nltk.translate.bleu_score.sentence_bleu docstring: 0.5045666840058485 (no smoothing).
  const hypothesis = 'It is a guide to action which ensures that the military always obeys the commands of the party'.split(' ');
  const references = [
    'It is a guide to action that ensures that the military will forever heed Party commands',
    'It is the guiding principle which guarantees the military forces always being under the command of the Party',
    'It is the practical guide for the army always to heed the directions of the party',
  ].map((r) => r.split(' '));
  assert.ok(Math.abs(bleuScore(hypothesis, references, { smoothing: false }) - 0.5045666840058485) < 1e-12);
  assert.equal(bleuScore(bleuTokens('the cat sat'), [bleuTokens('The cat sat')]), 1);
  // Papineni's "the the the…": modified unigram precision 2/7, no longer n-gram matches.
  assert.equal(bleuScore(bleuTokens('the the the the the the the'), [bleuTokens('the cat is on the mat')], { smoothing: false }), 0);
  const good = await run({ bleu: { value: '{{expected}} is the capital of France' } }, ctx('Paris is the capital of France.'));
  assert.equal(good.passed, true, good.reason);
  const bad = await run({ bleu: { value: ['Paris is the capital of France', 'The capital is Paris'], threshold: 0.5 } }, ctx('Lyon has good food'));
  assert.equal(bad.passed, false);
  assert.match(bad.reason, /^BLEU 0\.\d{3} < 0\.5 against 2 references$/);
});

test('ROUGE-L: the longest common word subsequence, best reference, threshold', async () => {
  assert.equal(rougeL('The cat sat on the mat', 'the cat sat on the mat'), 1);
  assert.equal(rougeL('', 'anything'), 0);
  const r = rougeL('the cat was on the mat', 'the cat sat on the mat');
  assert.ok(r > 0.8 && r < 0.9, String(r));
  const pass = await run({ rougeL: { value: ['dogs bark', 'the cat sat on the mat'], threshold: 0.8 } }, ctx('the cat was on the mat'));
  assert.equal(pass.passed, true);
  assert.match(pass.reason, /against "the cat sat on the mat"/);
  assert.equal((await run({ rougeL: { value: '{{expected}} is lovely' } }, ctx('I like trains'))).passed, false);
});

test('refusal: the API field, a documented phrase at the start, and no false alarm on apologies that answer', async () => {
  assert.equal(refusalPhrase("I'm sorry, but I can't help with that."), "i can't help");
  assert.equal(refusalPhrase("I'm sorry, but that is not something I do."), "i'm sorry, but");
  assert.equal(refusalPhrase('I can’t assist with creating malware.'), "i can't assist");
  assert.equal(refusalPhrase('As an AI language model, I cannot browse the web.'), 'as an ai language model, i cannot');
  assert.equal(refusalPhrase("I'm sorry to hear your flight was late. Here is how to claim: …"), undefined);
  assert.equal(refusalPhrase("I can't help but notice the typo. Fixed version: …"), undefined);
  assert.equal(refusalPhrase(`${'Step by step. '.repeat(30)}I cannot guarantee delivery dates.`), undefined, 'only the opening counts');
  const refused = await run({ refusal: false }, ctx('I cannot help with that request.'));
  assert.deepEqual([refused.passed, refused.reason], [false, 'refused: "i cannot help"']);
  assert.equal((await run({ refusal: false }, ctx('Paris.'))).passed, true);
  assert.equal((await run({ refusal: true }, ctx('Sure, here is how to pick a lock.'))).reason, 'answered without refusing (a refusal was expected)');
  const viaApi = await run({ refusal: true }, ctx('', { refusal: 'I cannot comply.' }));
  assert.deepEqual([viaApi.passed, viaApi.reason], [true, 'refused through the API\'s refusal field: "I cannot comply."']);
});

test('wordCount and charCount bounds (code points, so an emoji is one character)', async () => {
  assert.equal((await run({ wordCount: { min: 2, max: 4 } }, ctx('one two  three'))).reason, '3 words (≥ 2 and ≤ 4)');
  assert.equal((await run({ wordCount: { max: 2 } }, ctx('one two three'))).reason, '3 words, more than 2');
  assert.equal((await run({ wordCount: { min: 1 } }, ctx(''))).reason, '0 words, fewer than 1');
  assert.equal((await run({ charCount: { max: 3 } }, ctx('a🙂b'))).passed, true);
  assert.equal((await run({ charCount: { min: 4 } }, ctx('a🙂b'))).reason, '3 characters, fewer than 4');
  assert.equal(evaluatorSchema.safeParse({ name: 'w', wordCount: { min: 5, max: 2 } }).success, false);
  assert.equal(evaluatorSchema.safeParse({ name: 'w', wordCount: {} }).success, false);
});

test('canary: the token goes into the system prompt after templating, and the check fails when the answer repeats it', async () => {
  const evaluators = [{ name: 'leak', canary: true as const }];
  const created = withCanary([{ role: 'user', content: 'Hi {{x}}' }], evaluators);
  assert.equal(created[0].role, 'system', 'a system message is created when there is none');
  const token = canaryOf(created)!;
  assert.match(token, /^PW-CANARY-[0-9a-f]{20}$/);
  assert.equal(created[1].content, 'Hi {{x}}', 'the other messages are left alone');
  const appended = withCanary(
    [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'q' },
    ],
    [{ name: 'wrapped', not: { canary: true } }],
  );
  assert.equal(appended.length, 2);
  assert.ok(appended[0].content.startsWith('Be brief.\n\n'));
  assert.equal(canaryOf(appended), canaryToken('Be brief.'), 'derived from the system prompt: identical requests stay cacheable');
  assert.deepEqual(withCanary([{ role: 'user', content: 'q' }], [{ name: 's', string: { contains: 'x' } }]), [{ role: 'user', content: 'q' }]);
  assert.equal(canaryOf([{ role: 'user', content: 'q' }]), undefined);
  const leaked = await run({ canary: true }, ctx(`My instructions: ${token.toLowerCase()}`, { canary: token }));
  assert.equal(leaked.passed, false);
  assert.match(leaked.reason, /repeats the canary token .* at character 18 \(the system prompt leaked\)/);
  assert.equal((await run({ canary: true }, ctx('I cannot share my instructions.', { canary: token }))).passed, true);
  assert.equal((await run({ canary: true }, ctx('x'))).evaluatorError, true, 'no token placed: an evaluator error, not a pass');
});

test('rubric: a judge score 0–10 (or a fraction) normalised, the reason shown, threshold, the judge model', async () => {
  assert.deepEqual(readRubricReply('{"reason": "Good.", "score": 8}'), { score: 0.8, reason: 'Good.' });
  assert.deepEqual(readRubricReply('```json\n{"score": 0.65, "reason": "ok"}\n```'), { score: 0.65, reason: 'ok' });
  assert.deepEqual(readRubricReply('Mostly right.\nScore: 7/10'), { score: 0.7, reason: '' });
  assert.equal(readRubricReply('{"score": 42}'), undefined);
  assert.equal(readRubricReply('no idea'), undefined);
  const seen: JudgeRequest[] = [];
  const judge = (reply: string) => async (req: JudgeRequest) => {
    seen.push(req);
    return { model: req.model, output: reply, costUsd: 0, cacheHit: false, latencyMs: 1 };
  };
  const passed = await run({ rubric: 'Mentions the {{product}}.' }, ctx('Your kettle {{x}} ships today.', { judge: judge('{"reason":"names it","score":9}') }));
  assert.deepEqual([passed.passed, passed.score, passed.reason], [true, 0.9, 'judge openai/judge scored 0.90 ≥ 0.7: names it']);
  assert.equal(seen[0].model, 'openai/judge');
  assert.match(seen[0].messages[1].content, /Rubric:\nMentions the kettle\.\n\nAnswer to grade:\n<<<\nYour kettle \{\{x\}\} ships today\.\n>>>/);
  const failed = await run({ rubric: { criteria: 'Is polite.', threshold: 0.8, model: 'gpt-4o' } }, ctx('Go away.', { judge: judge('{"reason":"rude","score":2}') }));
  assert.deepEqual([failed.passed, failed.score], [false, 0.2]);
  assert.equal(seen[1].model, 'openai/gpt-4o', 'a bare model name is an OpenAI model');
  assert.ok(failed.judge, 'the judge call is kept for costs');
  assert.equal((await run({ rubric: 'x' }, ctx('y', { judge: judge('I refuse to grade') }))).evaluatorError, true);
});

test('similar: cosine of embeddings of the output and the closest value, through ctx.embed', async () => {
  assert.equal(cosine([1, 0], [0, 1]), 0);
  assert.ok(Math.abs(cosine([1, 2, 3], [2, 4, 6]) - 1) < 1e-12);
  assert.throws(() => cosine([1], [1, 2]), /different sizes/);
  const requests: EmbedRequest[] = [];
  const embed = async (req: EmbedRequest) => {
    requests.push(req);
    return { model: req.model, vectors: req.input.map((t) => (t.includes('Paris') ? [1, 0.1] : [0, 1])), cacheHit: false, latencyMs: 1 };
  };
  const close = await run({ similar: { value: ['Lyon', '{{expected}} it is'], threshold: 0.9 } }, ctx('Paris', { embed }));
  assert.equal(close.passed, true);
  assert.match(close.reason, /^similarity 1\.000 ≥ 0\.9 to "Paris it is" \(openai\/text-embedding-3-small\)$/);
  assert.deepEqual(requests[0].input, ['Paris', 'Lyon', 'Paris it is'], 'one request: the output, then every value');
  const far = await run({ similar: { value: 'Paris', model: 'openai/text-embedding-3-large' } }, ctx('Berlin', { embed }));
  assert.deepEqual([far.passed, requests[1].model], [false, 'openai/text-embedding-3-large']);
  assert.equal((await run({ similar: { value: 'x' } }, ctx(''))).passed, false, 'an empty answer is not sent');
  assert.equal((await run({ similar: { value: 'x' } }, ctx('y'))).evaluatorError, true, 'no embeddings here: an error');
});

test('javascript results: a boolean or {pass, score, reason}; anything else is the module’s mistake', () => {
  assert.deepEqual(readCodeResult(true, 'g.js'), { passed: true, score: 1, reason: 'g.js returned true' });
  assert.deepEqual(readCodeResult({ pass: false, score: 0.3, reason: ' too long ' }, 'g.js'), { passed: false, score: 0.3, reason: 'too long' });
  assert.equal(readCodeResult({ pass: true, score: 7 }, 'g.js').score, 1, 'scores are clamped to 0..1');
  assert.equal(readCodeResult('yes', 'g.js').evaluatorError, true);
  assert.equal(readCodeResult({ pass: true, score: 'high' }, 'g.js').evaluatorError, true);
  assert.equal(readCodeResult(undefined, 'g.js').evaluatorError, true);
});

test('the registry looks inside not: JSON needs, judge and embedding calls, code, kinds', () => {
  const wrapped = (body: object) => ({ name: 'w', not: body }) as Evaluator;
  assert.equal(needsJson([wrapped({ jsonPath: { path: '$.a', exists: true } })]), true);
  assert.equal(needsJson([wrapped({ regex: 'a' })]), false);
  assert.equal(callsModel(wrapped({ rubric: 'x' })), true);
  assert.equal(embeds(wrapped({ similar: { value: 'x' } })), true);
  assert.equal(embeds({ name: 'r', rubric: 'x' } as Evaluator), false);
  assert.deepEqual(codePaths(wrapped({ not: { javascript: 'g.js' } })), [['not', 'not', 'javascript']]);
  assert.deepEqual(codePaths({ name: 'j', javascript: 'g.js' } as Evaluator), [['javascript']]);
  assert.deepEqual(codePaths({ name: 'r', regex: 'x' } as Evaluator), []);
  assert.equal(hasKind([wrapped({ canary: true })], 'canary'), true);
});

test('weight and metric are kept on the verdict', async () => {
  const verdict = await runEvaluator({ name: 'w', weight: 2, metric: 'accuracy', string: { contains: 'a' } }, ctx('a'));
  assert.deepEqual([verdict.weight, verdict.metric], [2, 'accuracy']);
  const plain = await runEvaluator({ name: 'p', string: { contains: 'a' } }, ctx('a'));
  assert.ok(!('weight' in plain) && !('metric' in plain));
  assert.equal(evaluatorSchema.safeParse({ name: 'w', weight: -1, json: true }).success, false);
});

test('case score: weighted mean of clamped scores; threshold with a tolerance; without one every evaluator must pass', async () => {
  const { caseScore, casePassed } = await import('../../../src/core/evaluators/score.js');
  const v = (passed: boolean, score: number | undefined, weight?: number) => ({
    name: 'v',
    kind: 'x',
    passed,
    reason: '',
    ...(score === undefined ? {} : { score }),
    ...(weight === undefined ? {} : { weight }),
  });
  assert.equal(caseScore([v(true, 1), v(false, 0, 3)]), 0.25);
  assert.equal(caseScore([v(true, 5), v(false, -2)]), 0.5, 'judge scores outside 0..1 are clamped');
  assert.equal(caseScore([v(true, undefined), v(false, undefined)]), 0.5, 'no score: pass is 1, fail is 0');
  assert.equal(caseScore([v(false, 0, 0)]), undefined);
  assert.equal(casePassed([v(true, 0.1), v(true, 0.2), v(false, 0)], 0.1), true, '0.3 / 3 reaches 0.1');
  assert.equal(casePassed([v(true, 1), v(false, 0.5)], undefined), false, 'the default rule');
  assert.equal(casePassed([v(true, 1), v(false, 0.5)], 0.75), true);
  assert.equal(casePassed([], 0.9), true);
});
