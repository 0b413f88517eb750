import test from 'node:test';
import assert from 'node:assert/strict';
import { appendRows, existingRows, parseDatasetText, setRowFields } from '../../../../src/core/index.js';
import { hashVars } from '../../../../src/core/dataset/row.js';

const rowId = (vars: Record<string, unknown>) => `row-${hashVars(vars)}`;

function accept(text: string, file: string, caseId: string, expected: string) {
  const edit = setRowFields({ text, file, caseId, fields: { expected } });
  assert.ok(edit.ok, edit.ok ? '' : edit.error);
  return edit;
}

test('accept: YAML keeps comments, quoting and the other rows; a row without _id gets the id it had', () => {
  const text =
    '# rows for the capital prompt\n- _id: fr # France\n  country: "France"\n\n- country: Japan   # no id\n  notes: |\n    two\n    lines\n- _id: de\n  country: Germany\n  expected: Bonn # outdated\n';
  const fr = accept(text, 'rows.yaml', 'fr', 'Paris');
  assert.equal(fr.text, text.replace('  country: "France"\n', '  country: "France"\n  expected: Paris\n'));
  const jp = accept(text, 'rows.yaml', rowId({ country: 'Japan', notes: 'two\nlines\n' }), 'Tokyo\nsecond line');
  assert.equal(jp.id, rowId({ country: 'Japan', notes: 'two\nlines\n' }));
  assert.match(jp.text, /# no id\n {2}notes: \|\n {4}two\n {4}lines\n {2}expected: \|-\n {4}Tokyo\n {4}second line\n {2}_id: row-/);
  const de = accept(text, 'rows.yaml', 'de', 'Berlin');
  assert.equal(de.text, text.replace('expected: Bonn # outdated', 'expected: Berlin # outdated'));
  assert.deepEqual(
    parseDatasetText(de.text, 'rows.yaml').rows.map((r) => (r.value as { expected?: string }).expected),
    [undefined, undefined, 'Berlin'],
  );
});

test('accept: inline testData of a prompt file keeps the rest of the file', () => {
  const text =
    'model: openai/gpt-4o-mini # cheap\nmessages:\n  - role: user\n    content: "Capital of {{country}}?"\ntestData:\n  - _id: fr\n    country: France # the first\n  - { _id: jp, country: Japan }\n';
  assert.equal(accept(text, 'capital.prompt.yml', 'fr', 'Paris').text, text.replace('country: France # the first\n', 'country: France # the first\n    expected: Paris\n'));
  assert.equal(accept(text, 'capital.prompt.yml', 'jp', 'Tokyo').text, text.replace('{ _id: jp, country: Japan }', '{ _id: jp, country: Japan, "expected": "Tokyo" }'));
});

test('accept: JSON and JSON Lines keep their layout; values are JSON strings', () => {
  const json = '[\n  {\n    "_id": "fr",\n    "country": "France"\n  },\n  { "_id": "jp", "country": "Japan", "expected": "Kyoto" }\n]\n';
  assert.equal(accept(json, 'rows.json', 'fr', 'Paris "city"').text, json.replace('"country": "France"\n', '"country": "France",\n    "expected": "Paris \\"city\\""\n'));
  assert.equal(accept(json, 'rows.json', 'jp', 'Tokyo').text, json.replace('"Kyoto"', '"Tokyo"'));
  const jsonl = '{"_id":"fr","country":"France"}\r\n{"_id": "jp",  "country": "Japan"}\r\n';
  const edited = accept(jsonl, 'rows.jsonl', 'jp', 'Tokyo\nnight').text;
  assert.equal(edited, '{"_id":"fr","country":"France"}\r\n{"_id": "jp",  "country": "Japan", "expected": "Tokyo\\nnight"}\r\n');
  assert.equal(JSON.parse(edited.split('\r\n')[1]).expected, 'Tokyo\nnight');
});

test('accept: CSV adds the column when missing, quotes what needs quoting, keeps other records byte for byte', () => {
  const csv = 'country,notes\nFrance,"a, b"\n"Côte d\'Ivoire","two\nlines"\nJapan,x\n';
  const id = rowId({ country: "Côte d'Ivoire", notes: 'two\nlines' });
  const edit = accept(csv, 'rows.csv', id, 'Yamoussoukro, "capital"');
  assert.equal(edit.text, `country,notes,expected,_id\nFrance,"a, b",,\n"Côte d'Ivoire","two\nlines","Yamoussoukro, ""capital""",${id}\nJapan,x,,\n`);
  const rows = parseDatasetText(edit.text, 'rows.csv').rows.map((r) => r.value);
  assert.deepEqual(rows[0], { country: 'France', notes: 'a, b' }, 'a blank expected / _id cell is no value');
  const again = accept(edit.text, 'rows.csv', id, 'Abidjan');
  assert.equal(again.text, edit.text.replace('"Yamoussoukro, ""capital"""', 'Abidjan'));
  const tsv = 'country\texpected\nFrance\t\n';
  assert.equal(accept(tsv, 'rows.tsv', rowId({ country: 'France' }), 'Paris').text, `country\texpected\t_id\nFrance\tParis\t${rowId({ country: 'France' })}\n`);
});

test('accept: a row that is no longer there, or a file with errors, is refused and nothing is edited', () => {
  const missing = setRowFields({ text: '- _id: a\n  x: 1\n', file: 'r.yaml', caseId: 'b', fields: { expected: 'y' } });
  assert.equal(missing.ok, false);
  assert.match(!missing.ok ? missing.error : '', /the row of case "b" is not in r\.yaml/);
  assert.equal(setRowFields({ text: '- _id: a\n  x: [1\n', file: 'r.yaml', caseId: 'a', fields: { expected: 'y' } }).ok, false);
  assert.equal(setRowFields({ text: 'a\n', file: 'r.txt', caseId: 'a', fields: { expected: 'y' } }).ok, false);
});

const CSV_KEPT: Record<string, string> = { 'rows.csv': '_id,country,notes\na,France,\n', 'rows.tsv': '_id\tcountry\tnotes\r\na\tFrance\t\r\n' };

test('append: every format keeps the text before it and reads back with the new rows; ids are not duplicated', () => {
  const rows = [
    { _id: 'new-1', country: 'Peru', notes: 'a\nb' },
    { _id: 'new-2', country: 'Chile', notes: 'x, "y"' },
  ];
  const cases: Array<[string, string]> = [
    ['rows.yaml', '# list\n- _id: a\n  country: France # c\n'],
    ['rows.json', '[\n  { "_id": "a", "country": "France" }\n]\n'],
    ['rows.jsonl', '{"_id":"a","country":"France"}'],
    ['rows.csv', '_id,country\na,France\n'],
    ['rows.tsv', '_id\tcountry\r\na\tFrance\r\n'],
    ['p.prompt.yml', 'messages:\n  - role: user\n    content: "{{country}}"\ntestData:\n  - _id: a\n    country: France # c\n'],
    ['q.prompt.yml', 'messages:\n  - role: user\n    content: "{{country}}"\n'],
  ];
  for (const [file, text] of cases) {
    const appended = appendRows(text, file, rows);
    assert.ok(appended.ok, `${file}: ${appended.ok ? '' : appended.error}`);
    // CSV gains the column its header lacks, a blank cell on the rows before; the rest only grows at the end.
    const kept = CSV_KEPT[file] ?? text.replace(/\]\n$/, '').replace(/\r?\n$/, '');
    assert.ok(appended.text.startsWith(kept), `${file} keeps its text:\n${appended.text}`);
    const existing = existingRows(appended.text, file);
    const had = file.startsWith('q.') ? 0 : 1;
    assert.equal(existing.count, had + 2, `${file}:\n${appended.text}`);
    assert.deepEqual([...existing.ids].sort(), [...(had ? ['a'] : []), 'new-1', 'new-2'], file);
  }
  for (const file of ['new.yaml', 'new.json', 'new.jsonl', 'new.csv']) {
    const created = appendRows(undefined, file, rows);
    assert.ok(created.ok);
    assert.deepEqual(
      parseDatasetText(created.text, file).rows.map((r) => r.value),
      rows,
      file,
    );
  }
  assert.equal(appendRows('', 'x.md', rows).ok, false);
});
