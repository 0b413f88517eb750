// The pii guardrail on a corpus: personal data it must find (true positives) and look-alikes it must
// leave alone (numbers that fail Luhn or mod-97, dates, versions, ids, emails-that-are-code). Each
// finding is reported by kind and position, never with the whole value.
import test from 'node:test';
import assert from 'node:assert/strict';
import { findPii, ibanValid, luhnValid, type PiiKind } from '../../../src/core/evaluators/piiDetectors.js';
import { runEvaluator } from '../../../src/core/evaluators/registry.js';
import type { EvalContext } from '../../../src/core/evaluators/types.js';

const FOUND: [string, PiiKind, string][] = [
  ['Write to jane.doe@example.com for help.', 'email', 'jane.doe@example.com'],
  ['Contact: ops+alerts@mail.acme.co.uk', 'email', 'ops+alerts@mail.acme.co.uk'],
  ['Mail bob@startup.io: he answers fast', 'email', 'bob@startup.io'],
  ['Card 4111 1111 1111 1111 on file', 'card', '4111 1111 1111 1111'],
  ['paid with 5500-0000-0000-0004', 'card', '5500-0000-0000-0004'],
  ['amex 378282246310005.', 'card', '378282246310005'],
  ['IBAN DE89 3704 0044 0532 0130 00 please', 'iban', 'DE89 3704 0044 0532 0130 00'],
  ['GB82WEST12345698765432', 'iban', 'GB82WEST12345698765432'],
  ['SSN 123-45-6789.', 'ssn', '123-45-6789'],
  ['Call +44 20 7946 0958 today', 'phone', '+44 20 7946 0958'],
  ['Call (555) 123-4567 now', 'phone', '(555) 123-4567'],
  ['or 555.123.4567', 'phone', '555.123.4567'],
  ['US: +1 415 555 2671', 'phone', '+1 415 555 2671'],
];

const NOT_PII: string[] = [
  'Order 4111 1111 1111 1112 shipped', // fails Luhn
  'Tracking 1234567812345678', // fails Luhn
  'Reference 0000 0000 0000 0000', // passes Luhn, but one digit repeated
  'Account DE89 3704 0044 0532 0130 01', // fails mod-97
  'Released 2024-01-15 at 10:30', // a date
  'Version 1.2.3.4 and build 20240115',
  'npm install lodash@4.17.21 @types/node@22.1.0',
  'git clone git@github.com:org/repo.git',
  'result = weights@inputs.mean(axis=0)', // matrix product, then a method call
  'y = x@w.transpose', // not a real top-level domain
  '@Component({ selector: "app" })',
  'ssh deploy@localhost',
  'SSN-like 000-12-3456 and 666-12-3456 and 900-12-3456', // never issued
  'Invoice INV-2024-000123 total 1,234.56 EUR',
  'IP 192.168.100.200 port 8080',
  'ISBN 978-3-16-148410-0',
];

test('Luhn and mod-97 checks', () => {
  assert.equal(luhnValid('4111111111111111'), true);
  assert.equal(luhnValid('4111111111111112'), false);
  assert.equal(ibanValid('DE89370400440532013000'), true);
  assert.equal(ibanValid('DE89370400440532013001'), false);
  assert.equal(ibanValid('GB82WEST12345698765432'), true);
});

test('personal data in the corpus is found, with its kind and exact span', () => {
  for (const [text, kind, value] of FOUND) {
    const found = findPii(text);
    assert.equal(found.length, 1, `${text}: ${JSON.stringify(found)}`);
    assert.equal(found[0].kind, kind, text);
    assert.equal(text.slice(found[0].index, found[0].index + found[0].length), value, text);
    assert.ok(!found[0].masked.includes(value), `${text}: the masked value must not repeat it`);
  }
});

test('look-alikes are not reported', () => {
  for (const text of NOT_PII) assert.deepEqual(findPii(text), [], text);
});

test('a card number is not also reported as a phone number; kinds can be chosen', () => {
  const text = 'card 4111-1111-1111-1111, mail a@b.com';
  assert.deepEqual(
    findPii(text).map((f) => f.kind),
    ['card', 'email'],
  );
  assert.deepEqual(
    findPii(text, ['email']).map((f) => f.kind),
    ['email'],
  );
});

test('the pii evaluator names kind and line:column, masks the value, and passes clean output', async () => {
  const ctx = (output: string): EvalContext => ({
    output,
    json: { ok: false, error: 'not json' },
    vars: {},
    metrics: { costUsd: 0, latencyMs: 0, inputTokens: 0, outputTokens: 0 },
    judgeModel: 'openai/judge',
    judge: async () => assert.fail('no judge'),
  });
  const verdict = await runEvaluator({ name: 'no pii', pii: true }, ctx('Hello.\nReach me at jane.doe@example.com or 4111 1111 1111 1111.'));
  assert.equal(verdict.passed, false);
  assert.equal(verdict.reason, 'contains 2 items of personal data: email address at 2:13 (j***@e***.com), payment card number at 2:37 (**** 1111)');
  assert.ok(!verdict.reason.includes('jane.doe') && !verdict.reason.includes('4111 1111'));
  const clean = await runEvaluator({ name: 'no pii', pii: true }, ctx('Version 1.2.3, order 4111 1111 1111 1112.'));
  assert.deepEqual([clean.passed, clean.reason], [true, 'no personal data found (any kind)']);
  const onlyCards = await runEvaluator({ name: 'no cards', pii: ['card'] }, ctx('mail jane@example.com'));
  assert.equal(onlyCards.passed, true);
  const many = await runEvaluator({ name: 'no pii', pii: true }, ctx('a@b.com c@d.com e@f.com g@h.com'));
  assert.match(many.reason, /^contains 4 items of personal data: .* and 1 more$/);
});
