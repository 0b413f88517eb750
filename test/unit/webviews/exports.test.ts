import test from 'node:test';
import assert from 'node:assert/strict';
import { csvField, toCsv } from '../../../src/shared/csv.js';
import { htmlReport } from '../../../src/shared/htmlReport.js';
import { DEFAULT_UI } from '../../../src/shared/protocol.js';
import { resultsView } from '../../../src/shared/resultsView.js';
import { versionsView } from '../../../src/shared/versionsView.js';
import { visibleRows } from '../../../src/shared/visibleRows.js';
import { makeRecord } from './records.js';

const M = 'x/a';
const XSS = '<img src=x onerror="document.title=\'pwned\'">Nairobi';
const record = makeRecord({
  models: [M],
  cases: ['kenya', 'formula', 'quote'],
  results: [
    ['kenya', M, 'failed', { output: XSS }],
    ['formula', M, 'passed', { output: '=HYPERLINK("http://evil","x")' }],
    ['quote', M, 'passed', { output: 'say "hi",\nthen go' }],
  ],
});

test('csvField: quoting, numbers, booleans, empty values and formula neutralising', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(' padded'), '" padded"');
  assert.equal(csvField(0.00012), '0.00012');
  assert.equal(csvField(true), 'true');
  assert.equal(csvField(null), '');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(Number.NaN), '');
  for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) assert.ok(csvField(text).replace(/^"/, '').startsWith("'"), `${JSON.stringify(text)} is neutralised`);
});

test('CSV of a view: BOM, a header from the columns, the visible rows in display order, full outputs', () => {
  const view = resultsView(record);
  const ui = { ...DEFAULT_UI, sort: { column: 'case', descending: true } };
  const csv = toCsv(view.columns, visibleRows(view, ui));
  assert.ok(csv.startsWith('\ufeffcase id,case,status,review,vars,output,check: passed,check: reason,input tokens,output tokens,latency ms,cost usd,spent usd,cache hit,error\r\n'));
  const lines = csv.slice(1).split('\r\n');
  assert.equal(lines.length, 5, 'header, 3 rows and the final empty line');
  assert.ok(lines[1].startsWith('quote,quote,passed,,'));
  assert.ok(lines[1].includes('"say ""hi"",\nthen go"'));
  assert.ok(lines[2].includes(`"${XSS.replace(/"/g, '""')}"`));
  assert.ok(lines[3].includes(`"'=HYPERLINK(""http://evil"",""x"")"`));
  assert.equal(lines[4], '');
});

test('CSV follows the filters', () => {
  const view = resultsView(record);
  const csv = toCsv(view.columns, visibleRows(view, { ...DEFAULT_UI, filter: { ...DEFAULT_UI.filter, failedOnly: true } }));
  assert.equal(csv.split('\r\n').length, 3);
});

test('HTML report: self-contained, no script, outputs escaped, restrictive CSP', () => {
  const view = resultsView(record);
  const html = htmlReport(view, DEFAULT_UI, { generatedAt: '2026-11-22T10:00:00Z', tool: 'Prompt Workbench 0.1.0' });
  assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">'));
  assert.ok(!/<script/i.test(html), 'no script element');
  assert.ok(!/<img/i.test(html), "the output's <img> is text, not an element");
  assert.ok(html.includes('&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;Nairobi'));
  assert.ok(!/<[^>]+\s(src|href)=/i.test(html), 'no element references a resource');
  assert.ok(!/<[^>]+\son[a-z]+=/i.test(html), 'no event handler attribute');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">/);
  assert.match(html, /<style>/);
  assert.match(html, /<svg class="chart"/);
  assert.match(html, /Cases \(3 of 3\)/);
});

test('HTML report of a version comparison carries the verdict and the filter it was made with', () => {
  const after = makeRecord({
    id: 'after',
    models: [M],
    cases: ['kenya', 'formula', 'quote'],
    results: [
      ['kenya', M, 'passed'],
      ['formula', M, 'passed'],
      ['quote', M, 'passed'],
    ],
  });
  const view = versionsView({ label: 'HEAD', record }, { label: 'working copy', record: after });
  const html = htmlReport(view, { ...DEFAULT_UI, filter: { ...DEFAULT_UI.filter, changedOnly: true, search: 'ken' } }, { generatedAt: 'now', tool: 't' });
  assert.match(html, /McNemar exact test, p = 1\.00/);
  assert.match(html, /Cases \(1 of 3; fixed or broke only, matching &quot;ken&quot;\)/);
});
