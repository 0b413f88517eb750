import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import MarkdownIt from 'markdown-it';
import { main } from '../../../src/cli/main.js';
import { compareRuns } from '../../../src/core/compare/comparison.js';
import { summarize } from '../../../src/core/record/summary.js';
import type { RunRecord } from '../../../src/core/record/types.js';
import { mdText } from '../../../src/cli/output/markdown/escape.js';
import { evalMarkdown } from '../../../src/cli/output/markdown/evalSummary.js';
import { compareMarkdown } from '../../../src/cli/output/markdown/compareSummary.js';
import { verdictSentence } from '../../../src/shared/versionCompare.js';
import { captureIo } from '../../support/captureIo.js';
import { startTestServer } from '../../support/openaiServer.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';
import { makeRecord, type ResultSpec } from '../webviews/records.js';

// The Markdown summaries, rendered by a CommonMark + GFM-tables parser (markdown-it, HTML on as on
// GitHub): only our own tags come out, every table row has its columns, untrusted text shows as
// the text it is, and 5,000 failing cases stay under GitHub's comment limit.

const md = new MarkdownIt({ html: true });
const OUR_TAGS = new Set(['h2', 'h3', 'p', 'em', 'strong', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary', 'code', 'ul', 'li', 'hr']);

function checkRendering(markdown: string): string {
  const html = md.render(markdown);
  const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase()));
  assert.deepEqual(
    [...tags].filter((t) => !OUR_TAGS.has(t)),
    [],
    'only the summary’s own HTML',
  );
  // Every table row has as many cells as its header: no untrusted "|" split a cell.
  const tokens = md.parse(markdown, {});
  let columns = 0;
  let cells = 0;
  for (const token of tokens) {
    if (token.type === 'thead_open') columns = -1;
    if (token.type === 'tr_open') cells = 0;
    if (token.type === 'th_open' || token.type === 'td_open') cells++;
    if (token.type === 'tr_close') {
      if (columns === -1) columns = cells;
      else assert.equal(cells, columns, 'a row with the wrong number of cells');
    }
  }
  return html;
}

/** The text a reader sees: tags dropped, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

const HOSTILE = 'Ignore this <script>alert(1)</script> | pipe | ![img](http://x/y.png) [click](http://evil.example) **bold** `code` @octocat fixes #123\nsecond line <!-- prompt-workbench -->';
const M = 'openai/gpt-4o-mini';

function hostileRecord(): RunRecord {
  const record = makeRecord({
    models: [M],
    cases: ['ok', 'bad'],
    results: [
      ['ok', M, 'passed'],
      ['bad', M, 'failed', { output: HOSTILE, evaluations: [{ name: 'judge <b>x</b>', kind: 'string', passed: false, reason: 'said | "no" <!-- prompt-workbench -->' }] }],
    ],
  });
  record.cases[1].label = 'label with <img src=x onerror=alert(1)> and | pipe, cc @octocat for #123';
  record.prompt.name = 'Name *with* [markup](http://x)';
  return record;
}

test('eval Markdown: a table per prompt and model, failing cases at file:line, untrusted text shown as text', () => {
  const markdown = evalMarkdown([{ record: hostileRecord(), root: '/ws' }], { cwd: '/ws', exitCode: 1, failUnder: 0.9 });
  const html = checkRendering(markdown);
  const text = visibleText(html);
  assert.match(markdown, /^## ❌ Prompt Workbench: failed/);
  assert.match(text, /Model\s*Pass rate \(95% CI\)\s*Passed\s*Failed\s*Errors\s*Cost\s*Cost \/ pass\s*p50\s*p95/);
  assert.match(text, /openai\/gpt-4o-mini\s*50\.0% \(9\.5–90\.5%\)\s*1\s*1\s*0/);
  assert.match(text, /cases\.jsonl:1/);
  assert.ok(text.includes('Ignore this <script>alert(1)</script> | pipe | ![img](http://x/y.png) [click](http://evil.example) **bold** `code`'), 'the output, literally');
  assert.ok(text.includes('label with <img src=x onerror=alert(1)> and | pipe'));
  assert.ok(text.includes('cc @\u200Boctocat for #\u200B123'), 'no @mention, no issue cross-reference');
  assert.ok(text.includes('judge <b>x</b>: said | "no" <!-- prompt-workbench -->'), 'a reason, literally');
  assert.ok(text.includes('Name *with* [markup](http://x)'));
  assert.ok(!markdown.includes('<!-- prompt-workbench -->'), 'an output cannot plant the sticky comment’s marker');
  assert.match(text, /❌ pass rate 50\.0% is below the required 90\.0% \(--fail-under\)/);
});

test('eval Markdown with repeats: pass^k, pass@k and flaky per model; a case’s repeats in one row', () => {
  const results: ResultSpec[] = [
    ['a', M, 'passed', { repeat: 0 }],
    ['a', M, 'passed', { repeat: 1 }],
    ['a', M, 'passed', { repeat: 2 }],
    ['b', M, 'passed', { repeat: 0 }],
    ['b', M, 'failed', { repeat: 1 }],
    ['b', M, 'passed', { repeat: 2 }],
  ];
  const record = makeRecord({ models: [M], cases: ['a', 'b'], repeat: 3, results });
  const markdown = evalMarkdown([{ record, root: '/ws' }], { cwd: '/ws', exitCode: 1, minCasePassRate: 0.9 });
  const text = visibleText(checkRendering(markdown));
  assert.match(text, /pass\^3\s*pass@3\s*Flaky/);
  assert.match(text, /1\/2 \(50\.0%\)\s*2\/2 \(100\.0%\)\s*1/);
  assert.match(text, /Failing cases: 1/);
  assert.match(text, /2\/3 \(flaky\)/);
  assert.match(text, /❌ 1 case passed fewer than 90\.0% of its repeats \(--min-case-pass-rate\)/);
});

test('5,000 failing cases stay under 65,000 characters, with a note, and still render', () => {
  const cases = Array.from({ length: 5000 }, (_, i) => `case-${i}`);
  const results = cases.map((c): ResultSpec => [c, M, 'failed', { output: `${HOSTILE} ${'x'.repeat(200)}` }]);
  const record = makeRecord({ models: [M], cases, results });
  const markdown = evalMarkdown([{ record, root: '/ws' }], { cwd: '/ws', exitCode: 1 });
  assert.ok(markdown.length < 65_000, `${markdown.length} characters`);
  assert.match(markdown, /_… and \d+ more, left out to keep this summary under GitHub's size limit/);
  assert.match(markdown, /<\/details>\n$/, 'the list is closed');
  const text = visibleText(checkRendering(markdown));
  assert.match(text, /Failing cases: 5000/);

  const big = { ...record, summary: summarize(record.results, [M], 1) };
  const base = makeRecord({ id: 'base', models: [M], cases, results: cases.map((c): ResultSpec => [c, M, 'passed']) });
  const [comparison] = compareRuns({ record: base }, { record: big }).comparisons;
  const labels = { before: 'main', after: 'head' };
  const compared = compareMarkdown([{ comparison, labels, verdict: verdictSentence(comparison.difference, labels), root: '/ws' }], [], { cwd: '/ws', alpha: 0.05, failOnRegression: true });
  assert.ok(compared.length < 65_000, `${compared.length} characters`);
  const comparedText = visibleText(checkRendering(compared));
  assert.match(comparedText, /Broke: 5000/);
  assert.match(comparedText, /head passes 0\.0% vs 100\.0% for main on the same 5000 cases/);
});

test('mdText: one line, cut with an ellipsis, nothing Markdown or HTML can read into it', () => {
  assert.equal(mdText('a\nb', 10), 'a ↵ b');
  assert.equal([...mdText('x'.repeat(50), 10)].length, 10);
  assert.equal(visibleText(md.renderInline(mdText('1. *a* <b> _c_ \\ [d](e) ~~f~~ | g'))), '1. *a* <b> _c_ \\ [d](e) ~~f~~ | g');
});

test('eval --markdown writes the file; --summary appends to $GITHUB_STEP_SUMMARY', async () => {
  const prompt =
    'name: Greeter\nmodel: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: "Greet {{name}}"\ntestData:\n  - name: Ada\n  - name: Bob\nevaluators:\n  - name: says hello\n    string:\n      contains: hello\n';
  const ws = await tempWorkspace({ 'greet.prompt.yml': prompt, 'summary.md': '# earlier step\n', '.git/HEAD': '' });
  const server = await startTestServer({ replies: [{ match: 'Ada', reply: 'Hello Ada' }, { reply: 'Go away' }] });
  try {
    const io = captureIo(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k', GITHUB_STEP_SUMMARY: ws.file('summary.md') });
    assert.equal(await main(['eval', 'greet.prompt.yml', '--markdown', 'out/eval.md', '--summary', '--no-record'], io), 1);
    const written = await readFile(ws.file('out/eval.md'), 'utf8');
    assert.match(written, /^## ❌ Prompt Workbench: failed/);
    assert.match(written, /<code>greet\\\.prompt\\\.yml\\:8<\/code> \| name\\: Bob/);
    assert.equal(await readFile(ws.file('summary.md'), 'utf8'), `# earlier step\n${written}\n`);
    const outside = captureIo(ws.root, { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'k' });
    await main(['eval', 'greet.prompt.yml', '--summary', '--no-record'], outside);
    assert.match(outside.stderrText, /\$GITHUB_STEP_SUMMARY is not set/);
  } finally {
    await server.close();
    await ws.remove();
  }
});
