import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caseGroups, caseRepeats, createResultKeeper, type RecordLine } from '../../../src/core/index.js';
import { makeCase, makeRecord, makeResult, type ResultSpec } from '../webviews/records.js';

// A large run keeps in memory only what failure reports need; everything else is read back from
// its record file in case order. Both must give what the whole record would.

const M = ['a/m', 'b/m'];

describe('result keeper', () => {
  it('keeps failures, errors and ambiguous verdicts with their cases, once each, and lets passes go', () => {
    const keeper = createResultKeeper(1, M);
    const calls: string[] = [];
    const specs: ResultSpec[] = [
      ['c1', 'a/m', 'passed'],
      ['c1', 'b/m', 'failed'],
      ['c2', 'a/m', 'errored'],
      ['c2', 'b/m', 'errored'],
      ['c3', 'a/m', 'passed', { evaluations: [{ name: 'judge', kind: 'llm-judge', passed: true, reason: 'Yes', ambiguity: { chosen: 'Yes', gh: null } }] }],
      ['c4', 'a/m', 'passed'],
    ];
    specs.forEach((s, i) =>
      keeper.add(
        makeResult(s),
        () => {
          calls.push(s[0]);
          return makeCase(s[0]);
        },
        i,
      ),
    );
    const kept = keeper.finish();
    assert.deepEqual(
      kept.results.map((r) => `${r.caseId}/${r.model}`),
      ['c1/b/m', 'c2/a/m', 'c2/b/m', 'c3/a/m'],
    );
    assert.deepEqual(
      kept.cases.map((c) => c.id),
      ['c1', 'c2', 'c3'],
    );
    assert.deepEqual(calls, ['c1', 'c2', 'c3'], 'a case is built only when one of its results is kept, and once');
    assert.equal(kept.omitted, 0);
    assert.equal(kept.repeats, undefined);
  });

  it('beyond the cap, counts what it leaves out', () => {
    const keeper = createResultKeeper(1, M, 3);
    for (let i = 0; i < 10; i++) keeper.add(makeResult([`c${i}`, 'a/m', 'failed']), () => makeCase(`c${i}`), i);
    const kept = keeper.finish();
    assert.equal(kept.results.length, 3);
    assert.equal(kept.omitted, 7);
  });

  it('with repeats: keeps every repeat of a case × model that did not pass them all, and a tally of every case in case order', () => {
    const keeper = createResultKeeper(3, M);
    // Finished out of order, as concurrency does; c2 on b/m has a cancelled repeat.
    const specs: ResultSpec[] = [
      ['c2', 'a/m', 'passed', { repeat: 0 }],
      ['c1', 'b/m', 'passed', { repeat: 0 }],
      ['c1', 'a/m', 'passed', { repeat: 0 }],
      ['c1', 'a/m', 'failed', { repeat: 1 }],
      ['c2', 'a/m', 'passed', { repeat: 1 }],
      ['c1', 'b/m', 'passed', { repeat: 1 }],
      ['c1', 'a/m', 'passed', { repeat: 2 }],
      ['c2', 'a/m', 'passed', { repeat: 2 }],
      ['c1', 'b/m', 'passed', { repeat: 2 }],
      ['c2', 'b/m', 'failed', { repeat: 0 }],
      ['c2', 'b/m', 'cancelled', { repeat: 1 }],
    ];
    const index = (id: string) => Number(id.slice(1)) - 1;
    for (const s of specs) keeper.add(makeResult(s), () => makeCase(s[0]), index(s[0]));
    const kept = keeper.finish();
    assert.deepEqual(
      kept.results.map((r) => `${r.caseId}/${r.model}#${r.repeat}:${r.status}`),
      ['c1/a/m#0:passed', 'c1/a/m#1:failed', 'c1/a/m#2:passed', 'c2/b/m#0:failed'],
      'the passing repeats of a flaky case stay with it; a cancelled repeat decides nothing',
    );
    assert.deepEqual(kept.repeats, [
      { caseId: 'c1', model: 'a/m', passed: 2, decided: 3 },
      { caseId: 'c1', model: 'b/m', passed: 3, decided: 3 },
      { caseId: 'c2', model: 'a/m', passed: 3, decided: 3 },
      { caseId: 'c2', model: 'b/m', passed: 0, decided: 1 },
    ]);
  });

  it('per-case repeats from the tallies equal those from every result', () => {
    const specs: ResultSpec[] = [];
    for (let c = 0; c < 30; c++) for (const m of M) for (let r = 0; r < 4; r++) specs.push([`c${c}`, m, (c * 7 + r * 3 + m.length) % 5 === 0 ? 'failed' : 'passed', { repeat: r }]);
    const whole = makeRecord({ models: M, cases: Array.from({ length: 30 }, (_, c) => `c${c}`), results: specs, repeat: 4 });
    const keeper = createResultKeeper(4, M);
    for (const r of [...whole.results].reverse()) keeper.add(r, () => whole.cases.find((c) => c.id === r.caseId)!, Number(r.caseId.slice(1)));
    const kept = keeper.finish();
    const partial = { ...whole, cases: kept.cases, results: kept.results, kept: { only: 'failing' as const, omitted: 0, repeats: kept.repeats } };
    assert.ok(kept.results.length < whole.results.length);
    assert.deepEqual(caseRepeats(partial), caseRepeats(whole));
  });
});

describe('case groups from record lines', () => {
  async function* lines(list: RecordLine[]): AsyncGenerator<RecordLine> {
    yield* list;
  }
  const header = (repeat = 1): RecordLine => {
    const { cases: _c, results: _r, summary: _s, status: _st, finishedAt: _f, ...rest } = makeRecord({ models: M, cases: [], results: [], repeat });
    return { type: 'header', ...rest };
  };
  const caseLine = (id: string): RecordLine => ({ type: 'case', ...makeCase(id) });
  const resultLine = (s: ResultSpec): RecordLine => ({ type: 'result', ...makeResult(s) });

  it('yields cases in their order, each with its results in model order, whatever order results finished in', async () => {
    const got = [];
    for await (const g of caseGroups(
      lines([
        header(),
        caseLine('c1'),
        caseLine('c2'),
        resultLine(['c2', 'b/m', 'passed']),
        resultLine(['c1', 'b/m', 'failed']),
        caseLine('c3'),
        resultLine(['c2', 'a/m', 'passed']),
        resultLine(['c3', 'a/m', 'passed']),
        resultLine(['c3', 'b/m', 'passed']),
        resultLine(['c1', 'a/m', 'passed']),
      ]),
    ))
      got.push(`${g.caseId}:${g.results.map((r) => r.model).join(',')}`);
    assert.deepEqual(got, ['c1:a/m,b/m', 'c2:a/m,b/m', 'c3:a/m,b/m']);
  });

  it('a run cut short still yields what finished, and results without a case line last', async () => {
    const got = [];
    for await (const g of caseGroups(lines([header(), caseLine('c1'), caseLine('c2'), resultLine(['c2', 'a/m', 'passed']), resultLine(['zz', 'a/m', 'failed']), resultLine(['c1', 'a/m', 'passed'])])))
      got.push(`${g.caseId}:${g.results.length}:${g.case ? 'case' : 'orphan'}`);
    assert.deepEqual(got, ['c1:1:case', 'c2:1:case', 'zz:1:orphan']);
  });

  it('holds only the cases in flight: a long run releases each case as its results are in', async () => {
    let released = 0;
    let maxInFlight = 0;
    async function* long(): AsyncGenerator<RecordLine> {
      yield header();
      for (let i = 0; i < 5000; i++) {
        yield caseLine(`c${i}`);
        if (i > 0) for (const m of M) yield resultLine([`c${i - 1}`, m, 'passed']);
        maxInFlight = Math.max(maxInFlight, i + 1 - released);
      }
      for (const m of M) yield resultLine(['c4999', m, 'passed']);
    }
    for await (const g of caseGroups(long())) {
      assert.equal(g.caseId, `c${released}`);
      released++;
    }
    assert.equal(released, 5000);
    assert.ok(maxInFlight <= 2, `at most two cases open at once, saw ${maxInFlight}`);
  });
});
