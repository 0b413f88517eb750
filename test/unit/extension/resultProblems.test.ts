import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listedPerFile, resultProblems, type ResultProblem } from '../../../src/extension/problems/resultProblems.js';
import { outcomesByCase } from '../../../src/extension/run/caseOutcome.js';
import { result, verdict } from './results.js';

const at = (line: number, endLine = line) => ({ start: { line, column: 4 }, end: { line: endLine, column: endLine === line ? 40 : 0 } });

test('a failing case is a Problems entry at its row, one per model, with the reason and the output', () => {
  const cases = [
    { id: 'france', label: 'france', file: '/w/d/capitals.jsonl', range: at(0) },
    { id: 'australia', label: 'australia', file: '/w/d/capitals.jsonl', range: at(2) },
  ];
  const problems = resultProblems(
    cases,
    outcomesByCase([
      result('france', 'passed'),
      result('australia', 'failed', { output: 'Sydney', evaluations: [verdict('names the capital', false, 'does not contain "Canberra"')] }),
      result('australia', 'errored', { model: 'openai/gpt-4.1-mini' }),
    ]),
  );
  // In the order of the models' names, as the row's hover lists them.
  assert.deepEqual(problems, [
    { file: '/w/d/capitals.jsonl', range: at(2), severity: 'warning', message: 'Case "australia" errored on openai/gpt-4.1-mini: rate-limit: 429 rate limited: slow down', code: 'rate-limit' },
    {
      file: '/w/d/capitals.jsonl',
      range: at(2),
      severity: 'error',
      message: 'Case "australia" failed on openai/gpt-4o-mini: names the capital: does not contain "Canberra" — output: "Sydney"',
      code: 'names the capital',
    },
  ]);
});

test('a schema failure carries its JSON path; a multi-line row is marked on its first line; repeats are counted', () => {
  const bear = { id: 'bear', label: 'bear', file: '/w/a.prompt.yml', range: at(10, 13) };
  const schemaFail = verdict('matches the schema', false, '$.habitats must NOT have fewer than 1 items', {
    kind: 'jsonSchema',
    schemaErrors: [{ path: '$.habitats', message: 'must NOT have fewer than 1 items' }],
  });
  const [problem] = resultProblems(
    [bear],
    outcomesByCase([result('bear', 'failed', { evaluations: [schemaFail] }), result('bear', 'passed', { repeat: 1 }), result('bear', 'failed', { repeat: 2, evaluations: [schemaFail] })]),
  );
  assert.match(problem.message, /^Case "bear" failed on openai\/gpt-4o-mini \(2 of 3 repeats\): matches the schema: \$\.habitats must NOT have fewer than 1 items/);
  assert.deepEqual(problem.range, { start: { line: 10, column: 4 }, end: { line: 10, column: Number.MAX_SAFE_INTEGER } });
});

test('passed and cancelled cases make no entries', () => {
  assert.deepEqual(resultProblems([{ id: 'a', label: 'a', file: 'f', range: at(0) }], outcomesByCase([result('a', 'passed'), result('a', 'cancelled', { repeat: 1 })])), []);
});

test('an entry follows its row and its label while the outcome stays the same', () => {
  const outcomes = outcomesByCase([result('a', 'failed', { evaluations: [verdict('short', false, 'too long')] })]);
  const [before] = resultProblems([{ id: 'a', label: 'a', file: 'f', range: at(0) }], outcomes);
  const [after] = resultProblems([{ id: 'a', label: 'renamed', file: 'g', range: at(5) }], outcomes);
  assert.match(before.message, /^Case "a" failed/);
  assert.match(after.message, /^Case "renamed" failed/);
  assert.deepEqual([after.file, after.range], ['g', at(5)]);
});

test('Problems lists the first results of each file and then says how many more there are, from which row', () => {
  const problem = (file: string, line: number): ResultProblem => ({ file, range: at(line), severity: 'error', message: `row ${line}`, code: 'e' });
  const problems = [
    ...Array.from({ length: 7 }, (_, i) => problem('/w/a.csv', i)),
    problem('/w/b.csv', 0),
    problem('/w/b.csv', 1),
    problem('/w/c.csv', 0),
    problem('/w/c.csv', 1),
    problem('/w/c.csv', 2),
  ];
  const listed = listedPerFile(problems, 2);
  assert.deepEqual(
    listed.map((p) => `${p.file}:${p.range.start.line}:${p.severity}`),
    ['/w/a.csv:0:error', '/w/a.csv:1:error', '/w/b.csv:0:error', '/w/b.csv:1:error', '/w/c.csv:0:error', '/w/c.csv:1:error', '/w/a.csv:2:info', '/w/c.csv:2:info'],
  );
  assert.match(listed[6].message, /^5 more failing results from this row on are not listed here \(Problems lists the first 2 of a file\); the results view lists every case\.$/);
  assert.match(listed[7].message, /^1 more failing result from this row on is not listed/);
  assert.equal(listedPerFile(problems.slice(0, 2), 2).length, 2, 'no note when every result is listed');
  // While the run goes on the note does not count, so more failures past the listed ones change nothing.
  const running = (n: number) => JSON.stringify(listedPerFile(problems.slice(0, n), 2, true));
  assert.equal(running(4), running(7));
  assert.match(listedPerFile(problems, 2, true)[6].message, /^More failing results from this row on are not listed here/);
});
