import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resultProblems } from '../../../src/extension/problems/resultProblems.js';
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
