import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseOutcome, outcomesByCase } from '../../../src/extension/run/caseOutcome.js';
import { decorationText } from '../../../src/extension/editor/decorationText.js';
import { result, verdict } from './results.js';

test('one passing result: "✓ passed · latency · cost"', () => {
  const o = caseOutcome('france', [result('france', 'passed')]);
  assert.equal(o.state, 'passed');
  assert.equal(decorationText(o), '✓ passed · 800 ms · $0.00012');
});

test('one failing result names the failing evaluator', () => {
  const o = caseOutcome('australia', [result('australia', 'failed', { evaluations: [verdict('one word', true), verdict('names the capital', false, 'does not contain "Canberra"')] })]);
  assert.equal(o.state, 'failed');
  assert.equal(decorationText(o), '✗ failed: names the capital · 800 ms · $0.00012');
  assert.deepEqual(
    o.failures.map((f) => f.reason),
    ['names the capital: does not contain "Canberra"'],
  );
});

test('repeats and models: pass rate, and which model failed', () => {
  const rs = [result('canada', 'passed', { model: 'openai/gpt-4o-mini' }), result('canada', 'failed', { model: 'openai/gpt-4.1-mini', evaluations: [verdict('names the capital', false)] })];
  const o = caseOutcome('canada', rs);
  assert.equal(o.decided, 2);
  assert.equal(decorationText(o), '✗ 1/2 passed · gpt-4.1-mini failed: names the capital · 800 ms · $0.00024');
  const repeated = caseOutcome('x', [result('x', 'passed'), result('x', 'passed', { repeat: 1 }), result('x', 'passed', { repeat: 2 })]);
  assert.equal(decorationText(repeated), '✓ 3/3 passed · 800 ms · $0.00036');
});

test('errored and cancelled results are told apart; cancelled ones do not count in the pass rate', () => {
  const errored = caseOutcome('e', [result('e', 'errored')]);
  assert.equal(errored.state, 'errored');
  assert.equal(decorationText(errored), '! error: rate-limit: 429 rate limited: slow down · $0');
  const cancelled = caseOutcome('c', [result('c', 'cancelled')]);
  assert.equal(cancelled.state, 'cancelled');
  assert.equal(decorationText(cancelled), '○ cancelled · $0');
  const mixed = caseOutcome('m', [result('m', 'passed'), result('m', 'cancelled', { repeat: 1 })]);
  assert.equal(mixed.state, 'passed');
  assert.equal(decorationText(mixed), '✓ passed · 1 cancelled · 800 ms · $0.00012');
});

test('a failed case wins over an errored one; unpriced results leave the cost out', () => {
  const o = caseOutcome('z', [result('z', 'errored'), result('z', 'failed', { model: 'b/x', costUsd: null })]);
  assert.equal(o.state, 'failed');
  const unpriced = caseOutcome('u', [result('u', 'passed', { costUsd: null })]);
  assert.equal(unpriced.costUsd, null);
  assert.equal(decorationText(unpriced), '✓ passed · 800 ms');
});

test('outcomesByCase groups results and orders them by model and repeat', () => {
  const map = outcomesByCase([result('a', 'passed', { model: 'z/m', repeat: 1 }), result('b', 'failed'), result('a', 'passed', { model: 'z/m' }), result('a', 'passed', { model: 'a/m' })]);
  assert.deepEqual([...map.keys()], ['a', 'b']);
  assert.deepEqual(
    map.get('a')!.results.map((r) => `${r.model}#${r.repeat}`),
    ['a/m#0', 'z/m#0', 'z/m#1'],
  );
});

test('a schema failure keeps its JSON paths', () => {
  const o = caseOutcome('bear', [
    result('bear', 'failed', {
      evaluations: [
        verdict('matches the schema', false, '$.habitats must NOT have fewer than 1 items', {
          kind: 'jsonSchema',
          schemaErrors: [{ path: '$.habitats', message: 'must NOT have fewer than 1 items' }],
        }),
      ],
    }),
  ]);
  assert.deepEqual(o.failures[0].schemaPaths, ['$.habitats']);
});

test("people's reviews follow the automatic verdict, the latest per result", () => {
  const rs = [result('canada', 'failed', { evaluations: [verdict('names the capital', false)] }), result('canada', 'passed', { model: 'openai/gpt-4.1-mini' })];
  const at = (minute: number) => `2026-12-01T10:0${minute}:00.000Z`;
  const reviews = [
    { caseId: 'canada', model: 'openai/gpt-4o-mini', repeat: 0, verdict: 'fail' as const, at: at(1) },
    { caseId: 'canada', model: 'openai/gpt-4o-mini', repeat: 0, verdict: 'pass' as const, at: at(2) },
    { caseId: 'other', model: 'openai/gpt-4o-mini', repeat: 0, verdict: 'fail' as const, at: at(1) },
  ];
  const one = outcomesByCase(rs.slice(0, 1), reviews).get('canada')!;
  assert.equal(decorationText(one), '✗ failed: names the capital · reviewed ✓ · 800 ms · $0.00012');
  const both = outcomesByCase(rs, [...reviews, { caseId: 'canada', model: 'openai/gpt-4.1-mini', repeat: 0, verdict: 'fail', at: at(3) }]).get('canada')!;
  assert.match(decorationText(both), / · reviewed 1✓ 1✗ · /);
  assert.doesNotMatch(decorationText(outcomesByCase(rs).get('canada')!), /reviewed/);
});

test('outcomesByCase lends an earlier outcome only to a case whose results and reviews are the same', () => {
  const first = [result('a', 'passed'), result('b', 'failed')];
  const before = outcomesByCase(first);
  const grown = [...first, result('b', 'passed', { model: 'openai/gpt-4.1-mini' }), result('c', 'passed')];
  const after = outcomesByCase(grown, undefined, before);
  assert.equal(after.get('a'), before.get('a'), 'a got no new result: its outcome is kept');
  assert.notEqual(after.get('b'), before.get('b'));
  assert.equal(after.get('b')!.decided, 2);
  assert.equal(after.get('c')!.passed, 1);
  // The same count of results, but another object (a case run again): made anew.
  const rerun = outcomesByCase([result('a', 'failed'), first[1]], undefined, before);
  assert.equal(rerun.get('a')!.state, 'failed');
  assert.equal(rerun.get('b'), before.get('b'));
  // A review of one result: that case is made anew, the others kept.
  const reviewed = outcomesByCase(first, [{ caseId: 'b', model: 'openai/gpt-4o-mini', repeat: 0, verdict: 'pass', at: '2026-12-01T10:00:00.000Z' }], before);
  assert.equal(reviewed.get('a'), before.get('a'));
  assert.equal(reviewed.get('b')!.reviews.length, 1);
  // Whatever was lent, the outcomes equal those made from nothing.
  assert.deepEqual(after, outcomesByCase(grown));
});

test('outcomesByCase compares many results of a case as sets, in any order', () => {
  const many = Array.from({ length: 30 }, (_, i) => result('a', i % 2 ? 'passed' : 'failed', { repeat: i }));
  const before = outcomesByCase(many);
  assert.equal(outcomesByCase([...many].reverse(), undefined, before).get('a'), before.get('a'));
  const changed = [...many.slice(1), result('a', 'passed', { repeat: 0 })];
  assert.notEqual(outcomesByCase(changed, undefined, before).get('a'), before.get('a'));
});
