// Counting an estimate on a worker thread (src/core/tokens/workerCounting.ts, countWorker.ts): the
// same counts as on this thread, whatever the batch holds; a worker that cannot start, or that dies
// with batches unanswered, costs nothing but the time (this thread counts them); and a worker never
// keeps a process alive.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ChatMessage } from '../../../src/core/chat.js';
import { BUNDLED_PRICING, estimateRun, parsePromptFile } from '../../../src/core/index.js';
import { caseCounter } from '../../../src/core/tokens/estimate.js';
import { countingHere, type Counting } from '../../../src/core/tokens/counting.js';
import { timeSlices } from '../../../src/core/tokens/timeSlices.js';
import { workerCounting } from '../../../src/core/tokens/workerCounting.js';
import type { EvalCase } from '../../../src/core/dataset/row.js';

const WORKER = new URL('../../../src/core/tokens/countWorker.js', import.meta.url);
const here = () => countingHere(timeSlices());
/** For the worker's own counts: nothing may be counted on this thread. */
const nowhereElse: Counting = {
  inFlight: 1,
  conversations: () => Promise.reject(new Error('counted on this thread')),
  text: () => Promise.reject(new Error('counted on this thread')),
  close() {},
};

/** Conversations of every kind counting meets: prose, CJK, emoji, base64, a long run of one letter, empty content. */
function conversations(n: number): ChatMessage[][] {
  const contents = ['Hello there, how are you?', '東京タワーの高さは？', '👩‍👩‍👧 family 🎉', randomBytes(3000).toString('base64'), 'a'.repeat(9000), '', ' \n\t  spaces '];
  return Array.from({ length: n }, (_, i) => [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: `${contents[i % contents.length]} #${i}` },
    ...(i % 3 === 0 ? [{ role: 'assistant' as const, content: contents[(i + 1) % contents.length] }] : []),
  ]);
}

async function countAll(counting: Counting, batches: ChatMessage[][][]): Promise<{ total: number; max: number }[]> {
  try {
    return await Promise.all(batches.map((b) => counting.conversations('o200k_base', b)));
  } finally {
    counting.close();
  }
}

describe('counting on a worker thread', () => {
  const batches = [conversations(40), conversations(7), conversations(1)];

  it('counts what this thread counts, batch by batch, with both encodings and plain text', async () => {
    const expected = await countAll(here(), batches);
    assert.deepEqual(await countAll(workerCounting(WORKER, nowhereElse), batches), expected);
    const text = `${randomBytes(2000).toString('base64')} and some prose`;
    const worker = workerCounting(WORKER, nowhereElse);
    try {
      assert.equal(await worker.text('cl100k_base', text), await here().text('cl100k_base', text));
      assert.deepEqual(await worker.conversations('cl100k_base', batches[0]), await here().conversations('cl100k_base', batches[0]));
    } finally {
      worker.close();
    }
  });

  it('counts on this thread when the worker cannot start', async () => {
    const expected = await countAll(here(), batches);
    assert.deepEqual(await countAll(workerCounting(new URL('file:///no/such/countWorker.js'), here()), batches), expected);
  });

  it('counts on this thread what a worker that died had not answered', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pw-count-worker-'));
    const dying = path.join(dir, 'dying.cjs');
    // Answers nothing, and exits on the second request.
    await writeFile(dying, "let n = 0; require('node:worker_threads').parentPort.on('message', () => { if (++n === 2) process.exit(3); });");
    const expected = await countAll(here(), batches);
    assert.deepEqual(await countAll(workerCounting(dying, here()), batches), expected);
  });

  it('gives an estimate identical to counting on this thread', async () => {
    const prompt = parsePromptFile(
      ['name: t', 'model: openai/gpt-4o-mini', 'messages:', '  - role: system', '    content: Be brief.', '  - role: user', '    content: "{{q}}"'].join('\n'),
      '/w/t.prompt.yml',
    ).prompt!;
    const cases: EvalCase[] = conversations(600).map((c, i) => ({
      id: `c${i}`,
      label: `c${i}`,
      vars: { q: c[1].content },
      evaluators: [],
      source: { file: '/w/d.csv', range: { start: { line: i, column: 0 }, end: { line: i, column: 0 } } },
    }));
    const estimate = async (counting?: Counting) => {
      const counter = caseCounter({ prompt, models: ['openai/gpt-4o-mini', 'openai/gpt-4'], counting });
      for (let i = 0; i < cases.length; i += 100) await counter.add(cases.slice(i, i + 100));
      return estimateRun({ prompt, cases: [], models: ['openai/gpt-4o-mini', 'openai/gpt-4'], pricing: BUNDLED_PRICING, counted: counter });
    };
    const onWorker = await estimate(workerCounting(WORKER, nowhereElse));
    assert.deepEqual(onWorker, await estimate());
    assert.ok(onWorker.models.every((m) => m.inputTokens > 600 * 10));
  });

  it('never keeps a process alive, even left open', async () => {
    const script = [
      `const { workerCounting } = await import(${JSON.stringify(new URL('../../../src/core/tokens/workerCounting.js', import.meta.url).href)});`,
      `const { countingHere } = await import(${JSON.stringify(new URL('../../../src/core/tokens/counting.js', import.meta.url).href)});`,
      `const { timeSlices } = await import(${JSON.stringify(new URL('../../../src/core/tokens/timeSlices.js', import.meta.url).href)});`,
      `const counting = workerCounting(new URL(${JSON.stringify(WORKER.href)}), countingHere(timeSlices()));`,
      `console.log((await counting.conversations('o200k_base', [[{ role: 'user', content: 'hello world' }]])).total);`,
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
    // 3 to prime the reply, 3 for the message, 1 for its role, 2 for its content.
    assert.equal(stdout.trim(), '9');
  });
});
