// Estimates include every LLM-judge call (issue 18.1): a prompt graded by gh's built-in judges and a
// rubric is run over loopback (the server counts usage with the real tokenizer), and the estimate –
// made with the output history that run leaves – must land on the tokens and cost the run reported.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  BUNDLED_PRICING,
  defaultJudgeModel,
  estimateJudges,
  estimateRun,
  estimateTotals,
  judgeModelsOf,
  loopbackSettings,
  preparePrompt,
  runEval,
  tokenHistory,
  type CaseResult,
} from './runnerSupport.js';
import { startTestServer } from '../../support/openaiServer.js';
import { summaryBlock } from '../../../src/shared/summaryCards.js';
import { int } from '../../../src/shared/format.js';
import { tempWorkspace } from '../../support/tempWorkspace.js';

const PROMPT = `model: openai/gpt-4o-mini
messages:
  - role: system
    content: You answer geography questions in one sentence.
  - role: user
    content: "{{input}}"
testData:
  - { input: "What is the capital of France?", expected: Paris }
  - { input: "Which river flows through Vienna, and into which sea does it finally drain?", expected: "The Danube, into the Black Sea" }
  - { input: "Name the highest mountain in Africa.", expected: Kilimanjaro, _evaluators: [{ name: short, rubric: { criteria: "Names {{expected}} in under 20 words.", model: openai/gpt-4.1-mini } }] }
evaluators:
  - { name: fluency, uses: github/fluency }
  - { name: coherence, uses: github/coherence }
  - { name: similarity, uses: github/similarity }
`;

const ANSWER = 'The answer is short, correct and names the place you asked about.';

function judgeUsage(results: readonly CaseResult[]): Map<string, { requests: number; inputTokens: number; outputTokens: number }> {
  const byModel = new Map<string, { requests: number; inputTokens: number; outputTokens: number }>();
  for (const r of results) {
    for (const v of r.evaluations) {
      if (!v.judge?.usage) continue;
      const m = byModel.get(v.judge.model) ?? { requests: 0, inputTokens: 0, outputTokens: 0 };
      m.requests++;
      m.inputTokens += v.judge.usage.inputTokens;
      m.outputTokens += v.judge.usage.outputTokens;
      byModel.set(v.judge.model, m);
    }
  }
  return byModel;
}

test("an estimate prices each judge call – built-ins and rubric, on the judge's model – close to what the run cost", async () => {
  const server = await startTestServer({
    replies: [
      { model: '^gpt-4o$', reply: 'The answer is fluent and coherent, with no errors.\nScore: 4' },
      { model: '^gpt-4\.1-mini$', reply: '{"reason": "names it", "score": 8}' },
      { reply: ANSWER },
    ],
  });
  const ws = await tempWorkspace({ 'p.prompt.yml': PROMPT });
  try {
    const prepared = await preparePrompt(ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
    const prompt = prepared.parsed.prompt!;
    const resultsDir = path.join(ws.root, '.prompt-workbench/results');
    const record = await runEval({ parsed: prepared.parsed, cases: prepared.cases, datasets: prepared.datasets, workspaceRoot: ws.root }, loopbackSettings(server.url, ws.root, { resultsDir }));
    const actual = judgeUsage(record.results);
    // The run's summary keeps the judges' tokens beside the answers', and the Tokens card says so.
    const judgeTokens = [...actual.values()].reduce((t, u) => ({ inputTokens: t.inputTokens + u.inputTokens, outputTokens: t.outputTokens + u.outputTokens }), { inputTokens: 0, outputTokens: 0 });
    assert.deepEqual(record.summary.judgeTokens, judgeTokens);
    assert.equal(
      summaryBlock('all', record.summary, false).cards.find((c) => c.title === 'Tokens')?.detail,
      `in / out of the answers; judges ${int(judgeTokens.inputTokens)} / ${int(judgeTokens.outputTokens)} more · 0 cache hits`,
    );
    assert.deepEqual([...actual.keys()].sort(), ['openai/gpt-4.1-mini', 'openai/gpt-4o']);
    assert.deepEqual((await judgeModelsOf(prompt, prepared.cases, defaultJudgeModel(prompt))).sort(), ['openai/gpt-4.1-mini', 'openai/gpt-4o']);

    // The next estimate reads the run's answers' and judges' output sizes back from its record.
    const history = await tokenHistory(resultsDir, 'p.prompt.yml');
    for (const [model, usage] of actual) assert.equal(history.judges.get(model), usage.outputTokens / usage.requests);
    const run = await estimateRun({ prompt, cases: prepared.cases, pricing: BUNDLED_PRICING, outputHistory: history.outputs });
    const judges = await estimateJudges({ prompt, cases: prepared.cases, run, judgeModel: defaultJudgeModel(prompt), pricing: BUNDLED_PRICING, outputHistory: history.judges });

    assert.equal(judges.requests, 3 * 3 + 1, 'three built-ins on every case and one rubric');
    for (const [model, usage] of actual) {
      const e = judges.models.find((m) => m.model === model)!;
      assert.equal(e.requests, usage.requests, model);
      // The answer is counted apart from the judge prompt around it: a token may merge across the seam.
      assert.ok(Math.abs(e.inputTokens - usage.inputTokens) <= 2 * usage.requests, `${model}: estimated ${e.inputTokens} input tokens, the run sent ${usage.inputTokens}`);
      assert.equal(e.outputTokens, usage.outputTokens, model);
      assert.equal(e.outputBasis, 'history');
    }
    const total = estimateTotals({ ...run, judges });
    const spent = record.results.reduce((s, r) => s + (r.costUsd ?? 0), 0);
    assert.ok(judges.costUsd > run.costUsd, 'here the judges cost more than the answers');
    assert.ok(Math.abs(total.costUsd - spent) / spent < 0.02, `estimated $${total.costUsd}, the run cost $${spent}`);
  } finally {
    await server.close();
    await ws.remove();
  }
});

test('a streamed case list is estimated like an array; a prompt without test data judges nothing', async () => {
  const ws = await tempWorkspace({ 'p.prompt.yml': PROMPT });
  try {
    const prepared = await preparePrompt(ws.file('p.prompt.yml'), { workspaceRoot: ws.root });
    const prompt = prepared.parsed.prompt!;
    const run = await estimateRun({ prompt, cases: prepared.cases, pricing: BUNDLED_PRICING, models: ['openai/gpt-4o-mini', 'openai/gpt-4.1-nano'], repeat: 2 });
    const input = { prompt, run, judgeModel: 'openai/gpt-4o-mini', pricing: BUNDLED_PRICING };
    const listed = await estimateJudges({ ...input, cases: prepared.cases });
    async function* streamed() {
      for (const c of prepared.cases) yield c;
    }
    assert.deepEqual(await estimateJudges({ ...input, cases: streamed() }), listed);
    // Two models, two repeats: each built-in judges four answers per case.
    assert.equal(listed.models.find((m) => m.model === 'openai/gpt-4o-mini')?.requests, 3 * 3 * 4);
    assert.equal(listed.models[0].outputBasis, 'assumed');
    const none = await estimateJudges({ ...input, cases: [], run: { ...run, templateOnly: true } });
    assert.deepEqual(none, { models: [], requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, costIncomplete: false });
  } finally {
    await ws.remove();
  }
});
