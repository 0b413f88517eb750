// A dataset is read as often as the estimate needs, no more: the CLI counts the rows as it first
// reads them, a prompt without any judge does not read its datasets again to look for judge
// models, a row's own `_evaluators` still brings its judge in, and a judge estimate stops when its
// signal is aborted.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { openSession } from '../../../src/core/workspace/session.js';
import { estimatedModels, estimatePrepared } from '../../../src/core/workspace/estimate.js';
import { preparePromptStream } from '../../../src/core/prepareStream.js';
import { casesOf } from '../../../src/core/dataset/stream.js';
import { estimateJudges } from '../../../src/core/tokens/judgeEstimate.js';
import { caseCounter, type CaseCounter } from '../../../src/core/tokens/estimate.js';
import { BUNDLED_PRICING } from '../../../src/core/tokens/pricing.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const prompt = (evaluators: string) => `model: openai/gpt-4o-mini
messages:
  - role: user
    content: "{{input}}"
workbench:
  dataset: rows.jsonl
evaluators:
${evaluators}
`;

const ROWS = ['{"input": "a", "expected": "A"}', '{"input": "b", "expected": "B"}'];
const RUBRIC_ROW = '{"input": "c", "expected": "C", "_evaluators": [{"name": "r", "rubric": {"criteria": "Says {{expected}}.", "model": "openai/gpt-4.1-mini"}}]}';

async function opened(files: Record<string, string>) {
  const ws = await tempWorkspace(files);
  const file = ws.file('p.prompt.yml');
  const session = await openSession({ file, boundary: ws.root });
  const reads: string[] = [];
  const options = { workspaceRoot: ws.root, readFile: (f: string) => (reads.push(f), readFile(f)) };
  // As the CLI prepares it: the stream wrapped to size each row's images as it passes.
  const { parsed, cases } = await preparePromptStream(file, options);
  return { ws, session, prepared: { parsed, cases }, reads };
}

test('no judge in the prompt or its rows: the judge models are known without reading the dataset again', async () => {
  const { ws, session, prepared, reads } = await opened({ 'p.prompt.yml': prompt('  - { name: has a, string: { contains: a } }'), 'rows.jsonl': ROWS.join('\n') });
  try {
    const before = reads.length;
    assert.equal(prepared.cases.rowEvaluators, false);
    assert.deepEqual(await estimatedModels(session, prepared, ['openai/gpt-4o-mini']), ['openai/gpt-4o-mini']);
    assert.equal(reads.length, before, 'no read of rows.jsonl');
  } finally {
    await ws.remove();
  }
});

test("a row's own judge is found; an aborted signal stops the judge estimate", async () => {
  const { ws, session, prepared } = await opened({ 'p.prompt.yml': prompt('  - { name: has a, string: { contains: a } }'), 'rows.jsonl': [...ROWS, RUBRIC_ROW].join('\n') });
  try {
    assert.equal(prepared.cases.rowEvaluators, true);
    assert.deepEqual(await estimatedModels(session, prepared, ['openai/gpt-4o-mini']), ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini']);
    // The editor's cases are a list: a row's judge is found there too, and without one there is none.
    const listed = [];
    for await (const c of casesOf(prepared.cases)) listed.push(c);
    assert.deepEqual(await estimatedModels(session, { parsed: prepared.parsed, cases: listed }, ['openai/gpt-4o-mini']), ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini']);
    assert.deepEqual(await estimatedModels(session, { parsed: prepared.parsed, cases: listed.slice(0, 2) }, ['openai/gpt-4o-mini']), ['openai/gpt-4o-mini']);
    const history = { outputHistory: new Map<string, number>(), judgeOutputHistory: new Map<string, number>() };
    const estimate = await estimatePrepared(session, prepared, history);
    assert.equal(estimate?.judges?.models[0]?.model, 'openai/gpt-4.1-mini');
    const controller = new AbortController();
    controller.abort();
    const judging = estimateJudges({
      prompt: prepared.parsed.prompt!,
      cases: casesOf(prepared.cases),
      run: estimate,
      judgeModel: 'openai/gpt-4o-mini',
      pricing: BUNDLED_PRICING,
      signal: controller.signal,
    });
    await assert.rejects(judging, { name: 'AbortError' });
  } finally {
    await ws.remove();
  }
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

test('counted as the stream is first read, the estimate reads the dataset once and equals one that reads it again', async () => {
  const rows = [...ROWS, '{"input": "d", "_images": ["dot.png"]}'];
  const ws = await tempWorkspace({ 'p.prompt.yml': prompt('  - { name: has a, string: { contains: a } }'), 'rows.jsonl': rows.join('\n'), 'dot.png': PNG });
  try {
    const file = ws.file('p.prompt.yml');
    const session = await openSession({ file, boundary: ws.root });
    const reads: string[] = [];
    const options = { workspaceRoot: ws.root, readFile: (f: string) => (reads.push(f), readFile(f)) };
    let counted: CaseCounter | undefined;
    const prepared = await preparePromptStream(file, options, (parsed) => parsed.prompt && (counted = caseCounter({ prompt: parsed.prompt, providers: session.config.providers })).add);
    const datasetReads = () => reads.filter((f) => f.endsWith('rows.jsonl')).length;
    assert.equal(datasetReads(), 1);
    const history = { outputHistory: new Map<string, number>(), judgeOutputHistory: new Map<string, number>() };
    const once = await estimatePrepared(session, prepared, { ...history, counted });
    assert.equal(datasetReads(), 1, 'the estimate did not read rows.jsonl again');
    const again = await estimatePrepared(session, prepared, history);
    assert.equal(datasetReads(), 2);
    assert.deepEqual(once, again);
    assert.equal(once?.cases, 3);
    assert.ok((once?.models[0].imageTokensPerCase ?? 0) > 0, "the row's image is sized and counted");
  } finally {
    await ws.remove();
  }
});
