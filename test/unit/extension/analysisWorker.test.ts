// The analysis worker (dist/analysisWorker.cjs, built before the tests) checks a prompt file and
// counts its estimate off the extension host: what it sends back must be what the host would have
// computed itself – the same cases and diagnostics, the same estimate to the token.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createAnalysisWorker, type AnalysisWorker } from '../../../src/extension/analysis/workerClient.js';
import type { ExactNotice } from '../../../src/extension/analysis/workerProtocol.js';
import { countChatFor, estimatePrepared, openSession, prepareOptions, preparePromptText, sha256, type WorkspaceSession } from '../../../src/core/index.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';
import { until } from '../../support/until.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SCRIPT = path.join(root, 'dist', 'analysisWorker.cjs');

const PROMPT = `model: openai/gpt-4o-mini
modelParameters:
  maxTokens: 40
messages:
  - role: system
    content: You answer in one word.
  - role: user
    content: "Capital of {{country}}?"
evaluators:
  - { name: names it, string: { contains: "{{expected}}" } }
  - { name: fluent, uses: github/fluency }
testData:
${Array.from({ length: 300 }, (_, i) => `  - { country: "Country number ${i} with a longer name", expected: "City ${i}" }`).join('\n')}
`;

const SKIP = !existsSync(SCRIPT) && 'dist/analysisWorker.cjs is not built';

/** A worker, and a workspace holding one prompt file with its session and the options a request carries; both removed after `use`. */
async function withWorker(name: string, text: string, use: (setup: { worker: AnalysisWorker; file: string; session: WorkspaceSession; options: RequestOptions }) => Promise<void>): Promise<void> {
  const ws = await tempWorkspace({ [name]: text });
  const worker = createAnalysisWorker(SCRIPT);
  try {
    const file = ws.file(name);
    const session = await openSession({ file, boundary: ws.root });
    const { readFile: _read, ...options } = prepareOptions(session);
    await use({ worker, file, session, options });
  } finally {
    worker.dispose();
    await ws.remove();
  }
}

type RequestOptions = Parameters<AnalysisWorker['prepare']>[0]['options'];

test('the worker prepares and estimates a prompt exactly as the host does', { skip: SKIP }, async () => {
  await withWorker('p.prompt.yml', PROMPT, async ({ worker, file, session, options }) => {
    const request = { file, text: PROMPT, unsaved: {}, options };
    const remote = await worker.prepare(request);
    const local = await preparePromptText(PROMPT, file, prepareOptions(session));
    assert.ok(remote, 'the worker answered');
    assert.deepEqual(remote.prepared.cases, local.cases);
    assert.deepEqual(remote.prepared.diagnostics, local.diagnostics);
    // Its rows were read apart from the prompt (prepareInline.ts); the prompt is the whole-file parse's all the same.
    assert.deepEqual(remote.prepared.parsed.prompt, local.parsed.prompt);
    // The text it was sent does not come back; its hash, made in the worker, does.
    assert.equal(remote.prepared.parsed.text, undefined);
    assert.equal(remote.textHash, sha256(PROMPT));
    const fromDisk = await worker.prepare({ file, text: undefined, unsaved: {}, options });
    assert.equal(fromDisk?.prepared.parsed.text, PROMPT, 'read from disk: the host has no text, so it comes back');
    assert.equal(fromDisk?.textHash, sha256(PROMPT));

    const outputs = new Map([['openai/gpt-4o-mini', 3]]);
    const judges = new Map([['openai/gpt-4o-mini', 12]]);
    const models = ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini'];
    const offHost = await worker.estimate({ ...request, session, models, outputHistory: [...outputs], judgeOutputHistory: [...judges] });
    const onHost = await estimatePrepared(session, local, { models, outputHistory: outputs, judgeOutputHistory: judges });
    assert.ok(offHost?.estimate, 'the worker estimated');
    assert.deepEqual(offHost.estimate, onHost);
    assert.equal(offHost.estimate.cases, 300);
    assert.ok(offHost.estimate.judges && offHost.estimate.judges.requests > 0, 'the judge calls are in it');
  });
});

test('after one row is edited the host has every case, the unchanged ones as the objects it had', { skip: SKIP }, async () => {
  await withWorker('p.prompt.yml', PROMPT, async ({ worker, file, session, options }) => {
    const first = await worker.prepare({ file, text: PROMPT, unsaved: {}, options });
    const edited = PROMPT.replace('Country number 150 with', 'Country number 150 edited, with');
    const second = await worker.prepare({ file, text: edited, unsaved: {}, options });
    const local = await preparePromptText(edited, file, prepareOptions(session));
    assert.ok(first && second);
    assert.deepEqual(second.prepared.cases, local.cases);
    assert.deepEqual(second.prepared.parsed.prompt, local.parsed.prompt);
    assert.deepEqual(second.prepared.parsed.data, local.parsed.data);
    assert.equal(second.prepared.cases[0], first.prepared.cases[0]);
    assert.equal(second.prepared.cases[299], first.prepared.cases[299]);
    assert.notEqual(second.prepared.cases[150], first.prepared.cases[150]);
  });
});

test('a change to rows the host does not have is not applied: the host prepares that check itself, and a new worker answers the next', async () => {
  // A stand-in worker: its first answer keeps five cases the host never got; later answers replace all the cases it sent before with one.
  const ws = await tempWorkspace({
    'worker.cjs': `const { parentPort, threadId } = require('node:worker_threads');
let sent = 0;
parentPort.on('message', (request) => {
  const prepared = { parsed: { file: request.file, diagnostics: [] }, cases: [], datasets: [], diagnostics: [] };
  const cases = request.id === 1 ? { from: 5, head: 5, tail: 0, middle: [] } : { from: sent, head: 0, tail: 0, middle: [{ id: 'row-' + threadId }] };
  sent = cases.head + cases.middle.length;
  parentPort.postMessage({ type: 'prepared', id: request.id, prepared, landmarks: [], textHash: String(threadId), rows: { cases, dataRowsAreTestData: false } });
});`,
  });
  const worker = createAnalysisWorker(ws.file('worker.cjs'));
  try {
    const request = { file: ws.file('p.prompt.yml'), text: 'x', unsaved: {}, options: {} as RequestOptions };
    assert.equal(await worker.prepare(request), undefined, 'not applied: undefined, so the host prepares it');
    const next = await worker.prepare(request);
    const again = await worker.prepare(request);
    assert.deepEqual(next?.prepared.cases, [{ id: `row-${next?.textHash}` }]);
    assert.equal(again?.textHash, next?.textHash, 'the new worker goes on answering');
  } finally {
    worker.dispose();
    await ws.remove();
  }
});

test('a check of newer text stops the estimate of the older one in the worker instead of waiting behind it', { skip: SKIP }, async () => {
  const rows = Array.from({ length: 5000 }, (_, i) => `  - country: Country number ${i} with a name long enough to count for a while\n    expected: City ${i}`).join('\n');
  const big = `model: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: "Capital of {{country}}?"\ntestData:\n${rows}\n`;
  await withWorker('big.prompt.yml', big, async ({ worker, file, session, options }) => {
    const basis = { session, models: ['openai/gpt-4o-mini'], outputHistory: [], judgeOutputHistory: [] };
    assert.ok(await worker.prepare({ file, text: big, unsaved: {}, options }));
    // Both sent at once: the estimate of 5,000 rows yields between slices and the newer check comes in.
    const edited = big.replace('City 4999', 'City 4999 edited');
    const [stale, check] = await Promise.all([worker.estimate({ file, text: big, unsaved: {}, options, ...basis }), worker.prepare({ file, text: edited, unsaved: {}, options })]);
    assert.deepEqual(stale, { estimate: undefined, stopped: true }, 'the older estimate was stopped, and says so');
    assert.equal(check?.prepared.cases.length, 5000);
    const fresh = await worker.estimate({ file, text: edited, unsaved: {}, options, ...basis });
    assert.equal(fresh?.estimate?.cases, 5000);
  });
});

test("a row's YAML mistake is answered at once; the whole-file parse follows, unless newer text comes first", { skip: SKIP }, async () => {
  const rows = Array.from({ length: 5000 }, (_, i) => `  - country: Country number ${i}\n    expected: City ${i}`).join('\n');
  const big = `model: openai/gpt-4o-mini\nmessages:\n  - role: user\n    content: "Capital of {{country}}?"\ntestData:\n${rows}\n`;
  // Row 2500's "expected" line: 5 lines of prompt, then two lines a row.
  const line = 5 + 2 * 2500 + 1;
  const broken = big.replace('expected: City 2500\n', 'expected: City 2500: half typed\n');
  await withWorker('typed.prompt.yml', big, async ({ worker, file, session, options }) => {
    const notices: ExactNotice[] = [];
    worker.onExact((notice) => notices.push(notice));
    const whole = await preparePromptText(broken, file, prepareOptions(session));
    assert.equal(whole.diagnostics[0].range.start.line, line);

    const quick = await worker.prepare({ file, text: broken, unsaved: {}, options, provisional: true });
    assert.ok(quick?.provisional, 'answered from the row alone');
    assert.deepEqual(quick.prepared.diagnostics, whole.diagnostics, 'a mistake within its row reads as the whole-file parse words it');
    assert.deepEqual(quick.prepared.cases, []);
    const exact = await until(() => notices.find((n) => n.id === quick.id), 'the whole-file parse after the provisional answer', 10_000);
    assert.equal(exact.file, file);
    assert.deepEqual(exact.prepared.diagnostics, whole.diagnostics);

    // Typing on: the check of the next keystroke comes before the whole-file parse of this one starts.
    const [older, newer] = await Promise.all([
      worker.prepare({ file, text: broken.replace('half typed', 'half typed more'), unsaved: {}, options, provisional: true }),
      worker.prepare({ file, text: big, unsaved: {}, options, provisional: true }),
    ]);
    assert.ok(older?.provisional);
    assert.equal(newer?.provisional, undefined, 'the fixed text is answered exactly');
    assert.equal(newer?.prepared.cases.length, 5000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(
      notices.find((n) => n.id === older.id),
      undefined,
      'no whole-file parse for text already replaced',
    );

    // A check that asks for no provisional answer (a git revision's) gets the whole-file parse's.
    const revision = await worker.prepare({ file, text: broken, unsaved: {}, options });
    assert.equal(revision?.provisional, undefined);
    assert.deepEqual(revision?.prepared.diagnostics, whole.diagnostics);
  });
});

test("the token hover's count is made in the worker, to the token as the host makes it", { skip: SKIP }, async () => {
  await withWorker('p.prompt.yml', PROMPT, async ({ worker, file }) => {
    // A run of CJK letters with no punctuation: one pre-token the host's time slices could not split.
    let run = '';
    for (let i = 0; i < 200_000; i++) run += String.fromCharCode(0x4e00 + ((i * 7919) % 0x5200));
    const messages = [
      { role: 'system' as const, content: 'You answer in one word.' },
      { role: 'user' as const, content: `Summarise: ${run}` },
    ];
    for (const [model, providerTokenizer] of [
      ['openai/gpt-4o-mini', undefined],
      ['openai/gpt-4', undefined],
      ['ollama/llama3', 'cl100k_base'],
    ] as const) {
      const counted = await worker.count({ file, model, messages, providerTokenizer });
      assert.deepEqual(counted, await countChatFor(model, messages, providerTokenizer), model);
    }
  });
});
