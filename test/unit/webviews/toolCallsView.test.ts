// Tool calls, earlier turns, truncated and refused answers and time to first token in the results
// view and the result hover: as text, never markup.
import test from 'node:test';
import assert from 'node:assert/strict';
import { resultsView } from '../../../src/shared/resultsView.js';
import { modelsView } from '../../../src/shared/modelsView.js';
import { versionsView } from '../../../src/shared/versionsView.js';
import { summarizeGroup } from '../../../src/core/record/summary.js';
import { summaryBlock } from '../../../src/shared/summaryCards.js';
import { resultHoverMarkdown } from '../../../src/extension/editor/resultHover.js';
import { caseOutcome } from '../../../src/extension/run/caseOutcome.js';
import type { Trajectory } from '../../../src/core/tools/trajectory.js';
import { makeRecord } from './records.js';

const A = 'openai/gpt-4o-mini';
const TRAJECTORY: Trajectory = {
  turns: [{ calls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"<b>Paris</b>"}', result: '{"sky":"sunny"}' }] }],
  requests: 2,
  ended: 'answer',
};

const record = makeRecord({
  models: [A],
  cases: ['paris', 'essay', 'plain'],
  results: [
    ['paris', A, 'passed', { output: 'Sunny.', trajectory: TRAJECTORY, ttftMs: 120 }],
    ['essay', A, 'failed', { output: 'It was a dark and', finishReason: 'length', ttftMs: 90 }],
    ['plain', A, 'passed', { output: '', refusal: "I can't help with that." }],
  ],
});
record.cases[0].turns = [
  { role: 'user', content: 'Hi there' },
  { role: 'assistant', content: 'Hello! <script>x</script>' },
];

test('the results view adds Tool calls and TTFT columns when some result has them', () => {
  const view = resultsView(record);
  const ids = view.columns.map((c) => c.id);
  assert.ok(ids.includes('tools') && ids.includes('ttft'), ids.join(','));
  const tools = view.columns.find((c) => c.id === 'tools')!;
  assert.equal(tools.cell(view.rows[0]).text, 'get_weather');
  assert.equal(tools.cell(view.rows[0]).title, 'get_weather({"city":"<b>Paris</b>"}) → {"sky":"sunny"}\nthen answered (2 requests)');
  const output = view.columns.find((c) => c.id === 'output')!;
  assert.equal(output.cell(view.rows[1]).text, '✂ It was a dark and');
  assert.equal(output.cell(view.rows[2]).text, "refused: I can't help with that.");
  assert.ok(!resultsView(makeRecord({ models: [A], cases: ['a'], results: [['a', A, 'passed']] })).columns.some((c) => c.id === 'tools' || c.id === 'ttft'));
});

test('details show earlier turns, the tool calls, time to first token and how a truncated answer ended', () => {
  const view = resultsView(record);
  const paris = view.details(view.rows[0]);
  const block = (title: string) => paris.blocks.find((b) => b.title === title);
  assert.equal(block('Earlier turns (_messages)')!.text, 'user: Hi there\nassistant: Hello! <script>x</script>');
  assert.match(block('Tool calls')!.text, /^get_weather\(\{"city":"<b>Paris<\/b>"\}\) → \{"sky":"sunny"\}/);
  assert.deepEqual(
    paris.fields.find(([name]) => name === 'Time to first token'),
    ['Time to first token', '120 ms'],
  );
  const essay = view.details(view.rows[1]);
  assert.equal(essay.blocks.find((b) => b.title === 'How the answer ended')!.text, 'Truncated: the answer hit maxTokens (finish_reason: length).');
  assert.deepEqual(
    essay.fields.find(([name]) => name === 'Finish reason'),
    ['Finish reason', 'length (truncated at maxTokens)'],
  );
});

test('the hover shows the transcript and the calls fenced as text, and says when an answer was truncated', () => {
  const paris = resultHoverMarkdown({ label: 'paris', outcome: caseOutcome('paris', [record.results[0]]), turns: record.cases[0].turns, images: ['img/a.png'] });
  assert.ok(paris.includes('Earlier turns:\n\n```text\nuser: Hi there\nassistant: Hello! <script>x</script>\n```'), paris);
  assert.ok(paris.includes('Tool calls:\n\n```text\nget_weather({"city":"<b>Paris</b>"}) → {"sky":"sunny"}\nthen answered (2 requests)\n```'), paris);
  assert.ok(paris.includes('120 ms to first token'));
  assert.ok(paris.includes('Images: `img/a.png`'));
  assert.ok(!paris.replace(/```text\n[\s\S]*?\n```/g, '').includes('<'), 'no raw HTML outside fences');
  const essay = resultHoverMarkdown({ label: 'essay', outcome: caseOutcome('essay', [record.results.find((r) => r.caseId === 'essay')!]) });
  assert.match(essay, /⚠ Truncated: the answer hit maxTokens \\\(finish\\_reason: length\\\)\\\./);
});

test("compare models and compare versions show each side's tool calls and a truncated answer", () => {
  const models = modelsView(record);
  const paris = models.details(models.rows[0]).blocks[0].text;
  assert.match(paris, /^Sunny\.\n\nTool calls:\nget_weather\(\{"city":"<b>Paris<\/b>"\}\) → \{"sky":"sunny"\}\nthen answered \(2 requests\)\n/);
  assert.equal(models.columns.find((c) => c.id === `model:${A}`)!.cell(models.rows[0]).title, 'tool calls: get_weather');
  const versions = versionsView({ label: 'HEAD', record }, { label: 'working copy', record });
  const essay = versions.details(versions.rows.find((r) => r.pair.caseId === 'essay')!).blocks[1].text;
  assert.match(essay, /^It was a dark and\n⚠ Truncated: the answer hit maxTokens/);
});

test('the summary shows time to first token p50/p95 when answers were streamed', () => {
  const summary = summarizeGroup(record.results);
  assert.ok(summary.ttftMs);
  const card = summaryBlock('Run', summary, false).cards.find((c) => c.title === 'Time to first token')!;
  assert.equal(card.value, `p50 ${summary.ttftMs.p50} ms`);
  assert.ok(!summaryBlock('Run', summarizeGroup([record.results[2]]), false).cards.some((c) => c.title === 'Time to first token'));
});
