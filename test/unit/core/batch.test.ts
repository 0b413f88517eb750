import test from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createPartWriter } from '../../../src/core/batch/parts.js';
import { judgeCustomId, taskCustomId } from '../../../src/core/batch/customId.js';
import { parseBatchLine } from '../../../src/core/providers/openaiBatch.js';
import { recordFromLines } from '../../../src/core/record/read.js';
import { openRecordWriter } from '../../../src/core/record/writer.js';
import { RequestError } from '../../../src/core/providers/types.js';
import type { RecordLine } from '../../../src/core/record/types.js';
import { BUNDLED_PRICING, costOf, priceFor } from '../../../src/core/index.js';
import { batchPriceFor, tierPriceFor } from '../../../src/core/tokens/pricing.js';
import { lastRunTitle, promptLenses } from '../../../src/extension/editor/codeLensModel.js';
import { runningStatus } from '../../../src/extension/run/statusText.js';
import { batchState, runSubtitle } from '../../../src/shared/resultsView.js';
import { makeRecord } from '../webviews/records.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

// The pieces of batch runs below the CLI: files split under the provider's limits, custom ids,
// output lines, the record's batch lines and pending status, batch prices, the editor's texts.

test('batch files: one per model, a new one before a line would pass the request or byte limit', async () => {
  const ws = await tempWorkspace();
  try {
    const writer = createPartWriter(ws.root, 'cases', { requests: 3, bytes: 100 });
    const line = (n: number) => JSON.stringify({ custom_id: `c${n}`, pad: 'x'.repeat(20) });
    for (let i = 0; i < 5; i++) await writer.add('a/m', i * 2, line(i));
    await writer.add('b/m', 1, line(9));
    const parts = await writer.finish();
    assert.deepEqual(
      parts.map((p) => [p.model, p.requests, p.tasks]),
      [
        ['a/m', 2, [0, 2]],
        ['a/m', 2, [4, 6]],
        ['a/m', 1, [8, 8]],
        ['b/m', 1, [1, 1]],
      ],
      'about 40 bytes a line: two fit under 100 bytes',
    );
    const first = await readFile(parts[0].file, 'utf8');
    assert.equal(first, `${line(0)}\n${line(1)}\n`);
    assert.equal(parts[0].bytes, Buffer.byteLength(first));
    const tooBig = createPartWriter(ws.root, 'judges', { requests: 10, bytes: 10 });
    await assert.rejects(tooBig.add('a/m', 0, line(0)), /more than the provider's batch file limit \(10 bytes\)/);
    await tooBig.finish();
  } finally {
    await ws.remove();
  }
});

test('custom ids are stable for a case, model and repeat, and differ otherwise', () => {
  assert.equal(taskCustomId(3, 'row-a', 'openai/x', 1), taskCustomId(3, 'row-a', 'openai/x', 1));
  assert.match(taskCustomId(3, 'row-a', 'openai/x', 1), /^c3-r1-[0-9a-f]{16}$/);
  assert.notEqual(taskCustomId(3, 'row-a', 'openai/x', 1), taskCustomId(3, 'row-a', 'openai/y', 1));
  const id = taskCustomId(0, 'a', 'm', 0);
  const judge = { model: 'j', messages: [{ role: 'user' as const, content: 'hi' }] };
  assert.equal(judgeCustomId(id, judge), judgeCustomId(id, { ...judge }));
  assert.notEqual(judgeCustomId(id, judge), judgeCustomId(id, { ...judge, messages: [{ role: 'user', content: 'ho' }] }));
});

test('output and error lines: an answer with usage, a non-200 body, an error object, garbage', () => {
  const ok = parseBatchLine(
    JSON.stringify({
      custom_id: 'c0',
      response: {
        status_code: 200,
        body: { choices: [{ message: { content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 1 } } },
      },
      error: null,
    }),
  );
  assert.deepEqual(ok, { customId: 'c0', reply: { output: 'hi', usage: { inputTokens: 5, outputTokens: 2, cachedInputTokens: 1 }, finishReason: 'stop' } });
  const refused = parseBatchLine(JSON.stringify({ custom_id: 'c1', response: { status_code: 400, body: { error: { message: 'bad model' } } }, error: null }));
  assert.ok('error' in refused && refused.error instanceof RequestError);
  assert.equal(refused.error.message, '400 bad model');
  assert.equal(refused.error.info.status, 400);
  const expired = parseBatchLine(JSON.stringify({ custom_id: 'c2', response: null, error: { code: 'batch_expired', message: 'too late' } }));
  assert.ok('error' in expired);
  assert.equal(expired.error.message, 'batch_expired: too late');
  assert.throws(() => parseBatchLine('{nope'), /not JSON/);
  assert.throws(() => parseBatchLine('{}'), /no custom_id/);
});

test('a batch record without an end line is pending; the last batch line of a batch wins', () => {
  const base = makeRecord({ models: ['a/m'], cases: ['x'], results: [] });
  const { cases: _c, results: _r, summary: _s, status: _st, ...header } = base;
  const job = {
    id: 'batch_1',
    phase: 'cases' as const,
    model: 'a/m',
    endpoint: 'http://127.0.0.1/v1',
    inputFileId: 'f',
    requests: 1,
    tasks: [0, 0] as [number, number],
    submittedAt: '2026-01-01T00:00:00Z',
  };
  const lines: RecordLine[] = [
    { type: 'header', ...header, options: { ...header.options, batch: { judges: 'batch', models: ['a/m'] } } },
    { type: 'case', ...base.cases[0] },
    { type: 'batch-cases', count: 1 },
    { type: 'batch', ...job, status: 'validating' },
    { type: 'batch', ...job, status: 'in_progress', counts: { completed: 0, failed: 0, total: 1 } },
  ];
  const record = recordFromLines(lines, 'r.jsonl');
  assert.equal(record.status, 'pending');
  assert.equal(record.batch?.casesRecorded, 1);
  assert.equal(record.batch?.jobs.length, 1);
  assert.equal(record.batch?.jobs[0].status, 'in_progress');
  const live = recordFromLines(
    [lines[0], lines[1]].map((l) => (l.type === 'header' ? { ...l, options: base.options } : l)),
    'r.jsonl',
  );
  assert.equal(live.status, 'running', 'a live run cut short is not pending');
});

test('appending to a record cuts a torn last line first', async () => {
  const ws = await tempWorkspace();
  try {
    const file = ws.file('r.jsonl');
    await writeFile(file, '{"type":"batch-cases","count":1}\n{"type":"res');
    const writer = await openRecordWriter(file, 1000, { append: true });
    writer.write({ type: 'batch-cases', count: 2 });
    await writer.close();
    assert.equal(await readFile(file, 'utf8'), '{"type":"batch-cases","count":1}\n{"type":"batch-cases","count":2}\n');
  } finally {
    await ws.remove();
  }
});

test('batch prices: half the standard ones in the bundled table, with their own source; a tier without a price is unknown', () => {
  assert.match(BUNDLED_PRICING.batchSource ?? '', /platform\.openai\.com\/docs\/guides\/batch/);
  for (const [model, price] of Object.entries(BUNDLED_PRICING.models)) {
    assert.ok(price.batch, `${model} has a batch price`);
    assert.equal(price.batch.input, price.input / 2, model);
    assert.equal(price.batch.output, price.output / 2, model);
  }
  const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, cachedInputTokens: 0 };
  assert.equal(costOf(usage, tierPriceFor('openai/gpt-4o-mini', BUNDLED_PRICING, 'batch')), costOf(usage, priceFor('openai/gpt-4o-mini', BUNDLED_PRICING))! / 2);
  assert.equal(batchPriceFor('x/unknown', BUNDLED_PRICING), undefined);
});

test('editor texts: the batch lens, a pending last run, a waiting batch in the status bar', () => {
  const lenses = promptLenses({ file: '/w/a.prompt.yml', line: 0, caseCount: 2, models: ['openai/gpt-4o-mini'], repeat: 1, errors: 0, trusted: true, estimate: { kind: 'pending' }, batch: true });
  assert.equal(lenses[1].title, 'Run as batch (½ price)');
  assert.equal(lenses[1].command, 'promptWorkbench.runEvalAsBatch');
  assert.equal(
    promptLenses({ file: '/w/a.prompt.yml', line: 0, caseCount: 2, models: ['m'], repeat: 1, errors: 0, trusted: false, estimate: { kind: 'pending' }, batch: true }).length,
    4,
    'no batch lens in Restricted Mode',
  );
  assert.equal(lastRunTitle({ status: 'pending', passed: 0, decided: 0, costUsd: 0 }), 'Batch pending: 0/0 passed so far · $0');
  const status = runningStatus([{ label: 'a.prompt.yml', completed: 0, total: 3, passed: 0, failed: 0, errored: 0, costUsd: 0, batch: 'batch in_progress: 1/3 answered · 2 min' }]);
  assert.equal(status.text, '$(clock) Batch a.prompt.yml: batch in_progress: 1/3 answered · 2 min');
  assert.match(status.tooltip, /pending at the provider/);
});

test('the results view says how far a pending batch run is: submitted, counts, elapsed', () => {
  const submittedAt = '2026-12-01T14:02:00.000Z';
  const job = { phase: 'cases' as const, model: 'a/m', endpoint: 'e', inputFileId: 'f', tasks: [0, 1] as [number, number], submittedAt };
  const record = {
    batch: {
      jobs: [
        { ...job, id: 'b1', requests: 60, status: 'in_progress' as const, counts: { completed: 30, failed: 2, total: 60 } },
        { ...job, id: 'b2', requests: 40, status: 'validating' as const },
      ],
    },
  };
  assert.equal(batchState(record, Date.parse(submittedAt) + 12 * 60_000), 'batch pending: 2 batches submitted 14:02 UTC, 32/100 answered, 12 min ago');
  assert.equal(batchState({}, 0), 'batch pending: submitting');
  const pending = { ...makeRecord({ models: ['a/m'], cases: ['x'], results: [] }), status: 'pending' as const, ...record };
  assert.match(runSubtitle(pending), / · batch pending: 2 batches submitted 14:02 UTC, 32\/100 answered, \d/);
});
