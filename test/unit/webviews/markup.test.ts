import test from 'node:test';
import assert from 'node:assert/strict';
import { costChart, latencyChart, passRateChart } from '../../../src/shared/charts.js';
import { el, escapeHtml, toMarkup, type MarkupNode } from '../../../src/shared/markup.js';

test('toMarkup escapes text and attribute values', () => {
  assert.equal(toMarkup(el('p', { title: '"x" & <y>' }, '<b>bold</b>')), '<p title="&quot;x&quot; &amp; &lt;y&gt;">&lt;b&gt;bold&lt;/b&gt;</p>');
  assert.equal(escapeHtml(`<>&"'`), '&lt;&gt;&amp;&quot;&#39;');
});

test('toMarkup refuses event handler attributes and odd tag names', () => {
  assert.throws(() => toMarkup(el('div', { onclick: 'x()' })), /refusing attribute "onclick"/);
  assert.throws(() => toMarkup(el('img src=x', {})), /invalid tag name/);
  assert.throws(() => toMarkup(el('div', { 'a"b': '1' })), /refusing attribute/);
});

function find(node: MarkupNode, predicate: (n: MarkupNode) => boolean): MarkupNode[] {
  const own = predicate(node) ? [node] : [];
  return [...own, ...(node.children ?? []).flatMap((c) => (typeof c === 'string' ? [] : find(c, predicate)))];
}

test('pass-rate chart: bar widths proportional to the rate, whiskers at the interval, an accessible summary', () => {
  const chart = passRateChart([
    { label: 'a', rate: 1, interval: [0.8, 1] },
    { label: 'b', rate: 0.5 },
    { label: 'c', rate: null },
  ]);
  const bars = find(chart, (n) => n.tag === 'rect' && String(n.attrs?.class).includes('bar-pass'));
  assert.equal(bars.length, 2, 'no bar for a model with no decided result');
  assert.equal(Number(bars[0].attrs!.width), 2 * Number(bars[1].attrs!.width));
  assert.equal(find(chart, (n) => n.tag === 'line' && n.attrs?.class === 'chart-whisker').length, 3);
  assert.equal(chart.attrs!.role, 'img');
  assert.equal(chart.attrs!['aria-label'], 'Pass rate: a 100.0% (95% CI 80.0–100.0%); b 50.0%; c n/a');
});

test('cost chart scales to the most expensive; latency chart marks p50 and p95 per series', () => {
  const cost = costChart([
    { label: 'a', costUsd: 0.5, incomplete: false },
    { label: 'b', costUsd: 1, incomplete: true },
  ]);
  const [a, b] = find(cost, (n) => n.tag === 'rect');
  assert.equal(Number(b.attrs!.width), 2 * Number(a.attrs!.width));
  assert.match(String(cost.attrs!['aria-label']), /b ≥\$1\.00/);
  const latency = latencyChart([
    { label: 'a', latencies: [10, 20, 30, 40] },
    { label: 'b', latencies: [] },
  ]);
  assert.equal(find(latency, (n) => n.attrs?.class === 'chart-marker marker-p50').length, 1);
  assert.equal(find(latency, (n) => n.attrs?.class === 'chart-marker marker-p95').length, 1);
  assert.match(String(latency.attrs!['aria-label']), /a p50 20 ms, p95 40 ms; b no data/);
  assert.doesNotThrow(() => toMarkup(latencyChart([])));
});

test('chart labels from a record are text, not markup', () => {
  const markup = toMarkup(passRateChart([{ label: '<script>alert(1)</script>', rate: 0.5 }]));
  assert.ok(!markup.includes('<script>'));
  assert.ok(markup.includes('&lt;script&gt;'));
});
