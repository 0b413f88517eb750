import test from 'node:test';
import assert from 'node:assert/strict';
import { appendReview, readRecord, reviewOf, summarizeReviews, writeRecordFile, type ResultReview } from '../../../../src/core/index.js';
import { isWebviewMessage } from '../../../../src/shared/protocol.js';
import { resultsView } from '../../../../src/shared/resultsView.js';
import { modelsView } from '../../../../src/shared/modelsView.js';
import { makeRecord } from '../../webviews/records.js';
import { tempWorkspace } from '../../../support/tempWorkspace.js';

const JUDGE = { name: 'judge', kind: 'llm', judge: { model: 'x/j', output: 'A', costUsd: 0, cacheHit: false, latencyMs: 1 } };

function judgedRecord() {
  return makeRecord({
    models: ['x/a'],
    cases: ['a', 'b', 'c', 'd'],
    results: [
      ['a', 'x/a', 'passed', { evaluations: [{ ...JUDGE, passed: true, reason: 'A' }] }],
      ['b', 'x/a', 'failed', { evaluations: [{ ...JUDGE, passed: false, reason: 'B' }] }],
      ['c', 'x/a', 'passed', { evaluations: [{ ...JUDGE, passed: true, reason: 'A' }] }],
      ['d', 'x/a', 'failed', { evaluations: [{ ...JUDGE, passed: false, reason: 'B' }] }],
    ],
  });
}

const review = (caseId: string, verdict: 'pass' | 'fail', at: string, note?: string): ResultReview => ({ caseId, model: 'x/a', repeat: 0, verdict, at, ...(note ? { note } : {}) });

test('reviews: the latest per result counts; reviewed pass rate and judge agreement beside the automatic numbers', () => {
  const record = judgedRecord();
  record.reviews = [
    review('a', 'fail', '2026-12-01T10:00:00.000Z'),
    review('a', 'pass', '2026-12-01T11:00:00.000Z'),
    review('b', 'pass', '2026-12-01T10:00:00.000Z', 'the judge missed it'),
    review('c', 'fail', '2026-12-01T10:00:00.000Z'),
  ];
  const summary = summarizeReviews(record);
  assert.equal(summary.reviewed, 3);
  assert.equal(summary.overridden, 2);
  assert.equal(summary.reviewedPassRate, 2 / 4, 'a and b pass by people, c fails by people, d fails as it ran');
  assert.deepEqual(summary.judges, { judge: { reviewed: 3, agreed: 1, rate: 1 / 3 } });
  assert.equal(record.summary.passRate, 0.5, 'the automatic verdict is untouched');

  const view = resultsView(record);
  const cards = view.summary[0].cards.map((c) => `${c.title}: ${c.value}`);
  assert.ok(cards.includes('Reviewed pass rate: 50.0%'), cards.join('\n'));
  assert.ok(cards.includes('Judge agreement: judge: 33.3%'), cards.join('\n'));
  const b = view.rows.find((r) => r.result.caseId === 'b')!;
  assert.equal(view.columns.find((c) => c.id === 'status')!.cell(b).text, '✗ failed · reviewed ✓');
  const perModel = modelsView(record).summary.find((block) => block.heading === 'x/a')!;
  assert.ok(perModel.cards.some((c) => c.title === 'Judge agreement: judge' && c.value === '33.3%'));
  assert.match(view.details(b).fields.find(([name]) => name === 'Review')![1], /✓ pass by a person · 2026-12-01 10:00:00 UTC · the judge missed it/);
});

test('reviews round-trip through version-2 and version-1 records; other lines are not touched', async () => {
  const ws = await tempWorkspace();
  try {
    const record = judgedRecord();
    const v2 = ws.file('run.jsonl');
    await writeRecordFile(v2, record);
    const before = await import('node:fs/promises').then((fs) => fs.readFile(v2, 'utf8'));
    const first = reviewOf({ caseId: 'b', model: 'x/a', repeat: 0, verdict: 'pass', note: '  fine  ' }, new Date('2026-12-01T10:00:00Z'))!;
    await appendReview(v2, first);
    await appendReview(v2, reviewOf({ caseId: 'c', model: 'x/a', repeat: 0, verdict: 'fail' }, new Date('2026-12-01T10:05:00Z'))!);
    const after = await import('node:fs/promises').then((fs) => fs.readFile(v2, 'utf8'));
    assert.ok(after.startsWith(before));
    const read = await readRecord(v2);
    assert.deepEqual(read.reviews, [
      { caseId: 'b', model: 'x/a', repeat: 0, verdict: 'pass', at: '2026-12-01T10:00:00.000Z', note: 'fine' },
      { caseId: 'c', model: 'x/a', repeat: 0, verdict: 'fail', at: '2026-12-01T10:05:00.000Z' },
    ]);
    assert.equal(read.summary.passRate, record.summary.passRate);

    const v1 = ws.file('run.json');
    await ws.write('run.json', JSON.stringify(record));
    await appendReview(v1, first);
    assert.deepEqual((await readRecord(v1)).reviews, [first]);
    assert.equal(reviewOf({ caseId: 'b', model: 'x/a', repeat: 0, verdict: 'maybe' }, new Date()), undefined);
  } finally {
    await ws.remove();
  }
});

test('protocol: review and accept intents are checked before the host acts on them', () => {
  const result = { recordId: 'r', caseId: 'c', model: 'x/a', repeat: 0 };
  assert.ok(isWebviewMessage({ type: 'review', result, verdict: 'fail' }));
  assert.ok(isWebviewMessage({ type: 'acceptExpected', result }));
  assert.ok(!isWebviewMessage({ type: 'review', result, verdict: 'meh' }));
  assert.ok(!isWebviewMessage({ type: 'acceptExpected', result: { ...result, repeat: '0' } }));
});
