import test from 'node:test';
import assert from 'node:assert/strict';
import { mergeRecords } from '../../../src/core/record/merge.js';
import type { RunRecord } from '../../../src/core/record/types.js';
import { makeRecord } from '../webviews/records.js';

const M = 'x/m';
const newId = (startedAt: string, prompt: string) => `merged-${startedAt}-${prompt}`;

function shard(id: string, caseIds: string[], lines: number[], extra: Partial<RunRecord> = {}): RunRecord {
  const record = makeRecord({ id, models: [M], cases: caseIds, results: caseIds.map((c, i) => [c, M, i % 2 ? 'failed' : 'passed']) });
  record.cases.forEach((c, i) => (c.source = { file: 'cases.jsonl', range: { start: { line: lines[i], column: 0 }, end: { line: lines[i], column: 1 } } }));
  record.prompt.datasets = [{ path: 'cases.jsonl', contentHash: 'd1', rows: 4 }];
  return { ...record, ...extra };
}

test('shards merge into one record: cases in row order, results by case, summary recomputed', () => {
  const one = shard('s1', ['c', 'a'], [2, 0], { startedAt: '2026-01-01T10:00:05.000Z' });
  const two = shard('s2', ['d', 'b'], [3, 1]);
  const outcome = mergeRecords(
    [
      { record: one, file: 'one.json' },
      { record: two, file: 'two.json' },
    ],
    newId,
  );
  assert.ok(outcome.ok);
  const { record } = outcome;
  assert.deepEqual(
    record.cases.map((c) => c.id),
    ['a', 'b', 'c', 'd'],
  );
  assert.deepEqual(
    record.results.map((r) => [r.caseId, r.repeat]),
    [
      ['a', 0],
      ['b', 0],
      ['c', 0],
      ['d', 0],
    ],
  );
  assert.equal(record.summary.total, 4);
  assert.equal(record.summary.passed, one.summary.passed + two.summary.passed);
  assert.equal(record.id, `merged-${one.startedAt}-test.prompt.yml`, 'named by the earliest start');
  assert.equal(record.options.repeat, 1);
});

test('records of the same cases are repeats: numbered 0…k-1, options.repeat follows', () => {
  const a = shard('r1', ['a', 'b'], [0, 1]);
  const b = shard('r2', ['a', 'b'], [0, 1]);
  const outcome = mergeRecords(
    [
      { record: a, file: 'a.json' },
      { record: b, file: 'b.json' },
      { record: a, file: 'a-again.json' },
    ],
    newId,
  );
  assert.ok(outcome.ok);
  assert.deepEqual(
    outcome.record.results.map((r) => `${r.caseId}#${r.repeat}`),
    ['a#0', 'a#1', 'b#0', 'b#1'],
  );
  assert.equal(outcome.record.options.repeat, 2);
  assert.deepEqual(outcome.duplicates, ['a-again.json'], 'the same record twice counts once');
});

test('refuses records of different prompt or dataset versions, saying which files differ', () => {
  const a = shard('a', ['a'], [0]);
  const otherPrompt = shard('b', ['b'], [1], { prompt: { ...a.prompt, contentHash: 'ffffffffffffffff' } });
  const bad = mergeRecords(
    [
      { record: a, file: 'a.json' },
      { record: otherPrompt, file: 'b.json' },
    ],
    newId,
  );
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.message : '', /cannot merge runs of different versions of test\.prompt\.yml: the prompt's sha256 is h in a\.json and ffffffffffff in b\.json/);
  const otherData = shard('c', ['c'], [2], { prompt: { ...a.prompt, datasets: [{ path: 'cases.jsonl', contentHash: 'd2', rows: 5 }] } });
  const worse = mergeRecords(
    [
      { record: a, file: 'a.json' },
      { record: otherData, file: 'c.json' },
    ],
    newId,
  );
  assert.match(!worse.ok ? worse.message : '', /different datasets: cases\.jsonl is sha256 d1 in a\.json and sha256 d2 in c\.json/);
  const otherFile = shard('d', ['d'], [3], { prompt: { ...a.prompt, path: 'other.prompt.yml' } });
  assert.match(
    (() => {
      const o = mergeRecords(
        [
          { record: a, file: 'a.json' },
          { record: otherFile, file: 'd.json' },
        ],
        newId,
      );
      return o.ok ? '' : o.message;
    })(),
    /different prompt files/,
  );
});

test('the merged run is as complete as its least complete part', () => {
  const done = shard('a', ['a'], [0]);
  const cancelled = shard('b', ['b'], [1], { status: 'cancelled' });
  const outcome = mergeRecords(
    [
      { record: done, file: 'a.json' },
      { record: cancelled, file: 'b.json' },
    ],
    newId,
  );
  assert.ok(outcome.ok);
  assert.equal(outcome.record.status, 'cancelled');
});
