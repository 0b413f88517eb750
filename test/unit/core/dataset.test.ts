import test from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic, parseDatasetText, preparePrompt } from '../../../src/core/index.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const prompt = (dataset: string) => `model: openai/gpt-4o-mini
messages:
  - role: user
    content: "Capital of {{country}}?"
workbench:
  dataset: ${dataset}
`;

test('JSONL: a bad line is reported with its line and the other rows still load', () => {
  const { rows, diagnostics } = parseDatasetText('{"country":"France"}\n\n{"country": oops}\n{"country":"Japan"}\n', 'cases.jsonl');
  assert.deepEqual(
    rows.map((r) => (r.value as { country: string }).country),
    ['France', 'Japan'],
  );
  assert.deepEqual(
    rows.map((r) => r.source.range.start.line),
    [0, 3],
  );
  assert.equal(diagnostics.length, 1);
  assert.match(formatDiagnostic(diagnostics[0]), /^cases\.jsonl:3:\d+: error: line 3 is not valid JSON/);
});

test("CSV: quoted cells with commas, quotes and newlines load with the row's first line", () => {
  const { rows, diagnostics } = parseDatasetText('country,notes\nFrance,"a, b"\n"Côte d\'Ivoire","two\nlines ""quoted"""\n', 'c.csv');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    rows.map((r) => r.value),
    [
      { country: 'France', notes: 'a, b' },
      { country: "Côte d'Ivoire", notes: 'two\nlines "quoted"' },
    ],
  );
  assert.deepEqual(
    rows.map((r) => r.source.range.start.line),
    [1, 2],
  );
});

test('CSV: a broken record is reported at its line and the others load', () => {
  const { rows, diagnostics } = parseDatasetText('country\nFrance\nbad "quote\nJapan\n', 'c.csv');
  assert.deepEqual(
    rows.map((r) => r.value),
    [{ country: 'France' }, { country: 'Japan' }],
  );
  assert.equal(diagnostics.length, 1);
  assert.match(formatDiagnostic(diagnostics[0]), /^c\.csv:3:1: error: line 3: /);
});

test('CSV: duplicate or empty header names are refused', () => {
  assert.match(parseDatasetText('a,a\n1,2\n', 'c.csv').diagnostics[0].message, /column "a" appears twice/);
  assert.match(parseDatasetText('a,\n1,2\n', 'c.csv').diagnostics[0].message, /column 2 has no name/);
});

test('YAML: rows carry their line; a non-list file is one clear error', () => {
  const { rows } = parseDatasetText('- country: France\n- country: Japan\n  expected: Tokyo\n', 'rows.yaml');
  assert.deepEqual(
    rows.map((r) => r.source.range.start.line),
    [0, 1],
  );
  assert.match(parseDatasetText('country: France\n', 'rows.yaml').diagnostics[0].message, /must be a list of rows/);
});

test('preparePrompt: inline rows then dataset rows; reserved keys become id and evaluators', async () => {
  const ws = await tempWorkspace({
    'p.prompt.yml': prompt('cases.jsonl').replace('workbench:', 'testData:\n  - country: Peru\nworkbench:'),
    'cases.jsonl': '{"_id":"fr","country":"France","expected":"Paris","_evaluators":[{"name":"paris","string":{"contains":"Paris"}}]}\n',
  });
  try {
    const prepared = await preparePrompt(ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
    assert.deepEqual(prepared.diagnostics, []);
    assert.deepEqual(
      prepared.cases.map((c) => c.id).map((id) => id.replace(/^row-\w+$/, 'row-hash')),
      ['row-hash', 'fr'],
    );
    const fr = prepared.cases[1];
    assert.deepEqual(fr.vars, { country: 'France', expected: 'Paris' });
    assert.equal(fr.expected, 'Paris');
    assert.equal(fr.evaluators[0].name, 'paris');
    assert.equal(prepared.cases[0].label, 'country: Peru');
    assert.deepEqual(
      prepared.datasets.map((d) => [d.path, d.rows]),
      [['cases.jsonl', 1]],
    );
  } finally {
    await ws.remove();
  }
});

test('a variable no row provides is one warning on the placeholder; a row lacking it is a warning on the row; errors when strict (gh sends "{{x}}" as written)', async () => {
  const ws = await tempWorkspace({
    'p.prompt.yml': prompt('cases.jsonl'),
    'cases.jsonl': '{"country":"France"}\n{"nation":"Japan"}\n',
    'q.prompt.yml': prompt('other.jsonl'),
    'other.jsonl': '{"nation":"Japan"}\n',
  });
  try {
    const some = await preparePrompt(ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
    assert.deepEqual(
      some.diagnostics.map((d) => [d.file.endsWith('cases.jsonl'), d.range.start.line, d.severity, d.message]),
      [[true, 1, 'warning', 'this row has no "country", used as {{country}} in messages[0]; it is sent as written ("{{country}}"), as gh models does']],
    );
    const none = await preparePrompt(ws.file('q.prompt.yml'), { workspaceRoot: ws.root });
    assert.deepEqual(
      none.diagnostics.map((d) => [d.range.start.line, d.severity, d.message]),
      [[3, 'warning', '{{country}} is not provided by any dataset row, so it is sent as written ("{{country}}"), as gh models does']],
    );
    const strict = await preparePrompt(ws.file('q.prompt.yml'), { workspaceRoot: ws.root, strict: true });
    assert.deepEqual(
      strict.diagnostics.map((d) => d.severity),
      ['error'],
    );
  } finally {
    await ws.remove();
  }
});

test('missing, self-referencing, folder and outside-workspace datasets are positioned errors', async () => {
  const ws = await tempWorkspace({
    'sub/a.prompt.yml': prompt('missing.jsonl'),
    'sub/b.prompt.yml': prompt('b.prompt.yml'),
    'sub/c.prompt.yml': prompt('../../outside.jsonl'),
    'sub/d.prompt.yml': prompt('folder.jsonl'),
    'sub/folder.jsonl/x': '',
  });
  try {
    const message = async (f: string) => (await preparePrompt(ws.file(f), { workspaceRoot: ws.root })).diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`);
    assert.deepEqual(await message('sub/a.prompt.yml'), ['6: dataset "missing.jsonl" does not exist']);
    assert.match((await message('sub/b.prompt.yml'))[0], /^6: dataset "b\.prompt\.yml" must be one of|^6: dataset "b\.prompt\.yml" is this prompt file itself/);
    assert.match((await message('sub/c.prompt.yml'))[0], /^6: dataset "\.\.\/\.\.\/outside\.jsonl" is refused: .* is outside the workspace/);
    assert.deepEqual(await message('sub/d.prompt.yml'), ['6: dataset "folder.jsonl" is a folder']);
  } finally {
    await ws.remove();
  }
});

test('invalid UTF-8 in a dataset is reported on its line', async () => {
  const bytes = Buffer.concat([Buffer.from('{"country":"France"}\n'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a])]);
  const ws = await tempWorkspace({ 'p.prompt.yml': prompt('cases.jsonl'), 'cases.jsonl': bytes });
  try {
    const prepared = await preparePrompt(ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
    assert.deepEqual(
      prepared.diagnostics.map((d) => [d.range.start.line, d.message]),
      [[1, 'line 2 is not valid UTF-8 (save the file as UTF-8)']],
    );
  } finally {
    await ws.remove();
  }
});

test('identical rows get distinct ids; duplicate _id values are errors', async () => {
  const ws = await tempWorkspace({ 'p.prompt.yml': prompt('cases.jsonl'), 'cases.jsonl': '{"country":"A"}\n{"country":"A"}\n{"_id":"x","country":"B"}\n{"_id":"x","country":"C"}\n' });
  try {
    const prepared = await preparePrompt(ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
    const ids = prepared.cases.map((c) => c.id);
    assert.equal(new Set(ids).size, 4);
    assert.deepEqual(
      prepared.diagnostics.map((d) => [d.range.start.line, d.message]),
      [[3, '_id "x" is used by more than one row']],
    );
  } finally {
    await ws.remove();
  }
});
