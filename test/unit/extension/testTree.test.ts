import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CASE_RANGES_UP_TO, parseTestId, planRun, promptTree, sameTestFields, testId } from '../../../src/extension/testing/testTree.js';
import { caseDuration, caseTestMessages, resultLine } from '../../../src/extension/testing/testResults.js';
import { caseOutcome } from '../../../src/extension/run/caseOutcome.js';
import { result, verdict } from './results.js';

const range = (line: number) => ({ start: { line, column: 0 }, end: { line, column: 10 } });

test('file → prompt → case, cases in datasets pointing at their file and line', () => {
  const tree = promptTree({
    file: '/w/capitals.prompt.yml',
    relativePath: 'capitals.prompt.yml',
    name: 'Capital cities',
    models: ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini'],
    promptRange: range(1),
    cases: [
      { id: 'france', label: 'france', source: { file: '/w/datasets/capitals.jsonl', range: range(0) } },
      { id: 'row-1', label: 'country: Chad', source: { file: '/w/capitals.prompt.yml', range: range(20) } },
    ],
    errors: [],
  });
  assert.equal(tree.id, 'file:/w/capitals.prompt.yml');
  assert.equal(tree.label, 'capitals.prompt.yml');
  const [prompt] = tree.children;
  assert.equal(prompt.label, 'Capital cities');
  assert.equal(prompt.description, 'openai/gpt-4o-mini, openai/gpt-4.1-mini');
  assert.deepEqual(
    prompt.children.map((c) => [c.id, c.label, c.file, c.description]),
    [
      ['case:/w/capitals.prompt.yml#france', 'france', '/w/datasets/capitals.jsonl', 'capitals.jsonl:1'],
      ['case:/w/capitals.prompt.yml#row-1', 'country: Chad', '/w/capitals.prompt.yml', undefined],
    ],
  );
});

test(`beyond ${CASE_RANGES_UP_TO} cases, cases carry no range (no gutter decoration each) but still say where their row is`, () => {
  const input = (count: number) => ({
    file: '/w/many.prompt.yml',
    relativePath: 'many.prompt.yml',
    models: ['openai/gpt-4o-mini'],
    promptRange: range(0),
    cases: Array.from({ length: count }, (_, i) => ({ id: `c${i}`, label: `c${i}`, source: { file: i % 2 ? '/w/many.prompt.yml' : '/w/rows.csv', range: range(10 + i) } })),
    errors: [],
  });
  const few = promptTree(input(CASE_RANGES_UP_TO)).children[0];
  assert.ok(few.children.every((c) => c.range !== undefined));
  assert.deepEqual(few.range, range(0));
  const many = promptTree(input(CASE_RANGES_UP_TO + 1)).children[0];
  assert.ok(many.children.every((c) => c.range === undefined));
  assert.deepEqual(many.range, range(0), 'the prompt item keeps its range');
  assert.deepEqual(
    many.children.slice(0, 2).map((c) => c.description),
    ['rows.csv:11', 'line 12'],
  );
});

test('a prompt with errors shows the first and no cases', () => {
  const tree = promptTree({
    file: '/w/x.prompt.yml',
    relativePath: 'x.prompt.yml',
    models: [],
    promptRange: range(0),
    cases: [{ id: 'a', label: 'a', source: { file: '/w/x.prompt.yml', range: range(3) } }],
    errors: ['unknown role "bot"'],
  });
  assert.equal(tree.children[0].label, 'x');
  assert.equal(tree.children[0].error, 'unknown role "bot"');
  assert.deepEqual(tree.children[0].children, []);
});

test('a prompt that gets an error as it is typed keeps the cases it showed, with the error on the prompt', () => {
  const input = {
    file: '/w/x.prompt.yml',
    relativePath: 'x.prompt.yml',
    models: ['openai/gpt-4o-mini'],
    promptRange: range(0),
    cases: [{ id: 'a', label: 'a', source: { file: '/w/x.prompt.yml', range: range(3) } }],
    errors: [],
  };
  const before = promptTree(input).children[0].children;
  const broken = promptTree({ ...input, cases: [], errors: ['YAML: bad indentation'], shownCases: before });
  assert.equal(broken.children[0].error, 'YAML: bad indentation');
  assert.deepEqual(broken.children[0].children, before);
  assert.deepEqual(promptTree({ ...input, cases: [], errors: ['YAML: bad indentation'] }).children[0].children, [], 'nothing shown before, nothing kept');
});

test('a case the tree was made from before gets the node made then, unless how cases show changed', () => {
  const kept = { id: 'a', label: 'a', source: { file: '/w/x.prompt.yml', range: range(3) } };
  const input = { file: '/w/x.prompt.yml', relativePath: 'x.prompt.yml', models: [], promptRange: range(0), cases: [kept], errors: [], caseNodes: new WeakMap() };
  const first = promptTree(input).children[0].children[0];
  const edited = { ...kept, id: 'b' };
  const [again, other] = promptTree({ ...input, cases: [kept, edited] }).children[0].children;
  assert.equal(again, first, 'the same case: the same node');
  assert.equal(other.id, 'case:/w/x.prompt.yml#b');
  const many = Array.from({ length: CASE_RANGES_UP_TO }, (_, i) => ({ ...kept, id: `c${i}` }));
  const unlocated = promptTree({ ...input, cases: [kept, ...many] }).children[0].children[0];
  assert.notEqual(unlocated, first);
  assert.equal(unlocated.range, undefined, 'past the ranged count the case node is made anew, without its range');
  assert.equal(promptTree({ ...input, file: '/w/y.prompt.yml' }).children[0].children[0].id, 'case:/w/y.prompt.yml#a', 'another prompt: its own node');
});

test('test ids round-trip, even with # in case ids', () => {
  assert.deepEqual(parseTestId(testId.file('/w/a b.prompt.yml')), { kind: 'file', file: '/w/a b.prompt.yml' });
  assert.deepEqual(parseTestId(testId.prompt('/w/a.prompt.yaml')), { kind: 'prompt', file: '/w/a.prompt.yaml' });
  assert.deepEqual(parseTestId(testId.case('/w/x#y/a.prompt.yml', 'dup#2')), { kind: 'case', file: '/w/x#y/a.prompt.yml', caseId: 'dup#2' });
  assert.equal(parseTestId('nonsense'), undefined);
});

test('planRun: files run whole, cases run alone, exclusions win', () => {
  const cases = (file: string) => (file === '/w/a.prompt.yml' ? ['x', 'y', 'z'] : ['q']);
  const plan = planRun([testId.file('/w/a.prompt.yml'), testId.case('/w/b.prompt.yml', 'q')], [testId.case('/w/a.prompt.yml', 'y')], cases);
  assert.deepEqual(
    [...plan],
    [
      ['/w/a.prompt.yml', ['x', 'z']],
      ['/w/b.prompt.yml', ['q']],
    ],
  );
  assert.deepEqual([...planRun([testId.prompt('/w/a.prompt.yml')], [], cases)], [['/w/a.prompt.yml', undefined]]);
  assert.deepEqual([...planRun([testId.case('/w/a.prompt.yml', 'x')], [testId.case('/w/a.prompt.yml', 'x')], cases)], []);
  assert.deepEqual([...planRun([testId.file('/w/a.prompt.yml')], [testId.prompt('/w/a.prompt.yml')], cases)], []);
});

test('test messages: a diff of expected vs actual where the row has an expected', () => {
  const failed = caseOutcome('australia', [result('australia', 'failed', { output: 'Sydney', evaluations: [verdict('names the capital', false, 'does not contain "Canberra"')] })]);
  assert.deepEqual(caseTestMessages(failed, 'Canberra'), [{ message: 'openai/gpt-4o-mini: names the capital: does not contain "Canberra"', expected: 'Canberra', actual: 'Sydney' }]);
  assert.deepEqual(caseTestMessages(failed, undefined), [{ message: 'openai/gpt-4o-mini: names the capital: does not contain "Canberra"' }]);
  assert.deepEqual(caseTestMessages(failed, { diet: 'carnivore' })[0].expected, '{\n  "diet": "carnivore"\n}');
  const errored = caseOutcome('e', [result('e', 'errored')]);
  assert.deepEqual(caseTestMessages(errored, 'x'), [{ message: 'openai/gpt-4o-mini: rate-limit: 429 rate limited: slow down' }]);
  assert.equal(caseDuration(failed), 800);
  assert.equal(caseDuration(caseOutcome('c', [result('c', 'cancelled')])), undefined);
});

test('result lines for the test run output', () => {
  assert.equal(resultLine(result('france', 'passed'), 'france'), '✓ france [openai/gpt-4o-mini] 800 ms · $0.00012');
  assert.equal(resultLine(result('a', 'failed', { repeat: 1 }), 'a'), '✗ a [openai/gpt-4o-mini #2] 800 ms · $0.00012 — check: does not contain "x"');
  assert.equal(resultLine(result('e', 'errored'), 'e'), '! e [openai/gpt-4o-mini] 800 ms · $0 — 429 rate limited: slow down');
});

test('sameTestFields: an item is left alone only when everything it shows is unchanged', () => {
  const range = { start: { line: 3, column: 0 }, end: { line: 5, column: 0 } };
  const node = { id: 'case:/w/a.prompt.yml#x', label: 'x', file: '/w/a.prompt.yml', range, children: [] };
  assert.ok(sameTestFields(node, { ...node, range: { start: { line: 3, column: 0 }, end: { line: 5, column: 0 } } }));
  assert.ok(sameTestFields(node, { ...node, children: [node] }), 'children are compared on their own');
  for (const changed of [
    { label: 'y' },
    { id: 'case:/w/a.prompt.yml#y' },
    { file: '/w/b.csv' },
    { description: 'b.csv:4' },
    { error: 'no model' },
    { range: { ...range, end: { line: 6, column: 0 } } },
    { range: undefined },
  ]) {
    assert.ok(!sameTestFields(node, { ...node, ...changed }), JSON.stringify(changed));
  }
  assert.ok(sameTestFields({ ...node, range: undefined }, { ...node, range: undefined }));
});
