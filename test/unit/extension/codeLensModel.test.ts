import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUNDLED_PRICING, estimateJudges, estimateRun, preparePrompt } from '../../../src/core/index.js';
import { usd } from '../../../src/shared/format.js';
import { lastRunSummary, promptLenses, rowLenses, runTitle, type PromptLensInput } from '../../../src/extension/editor/codeLensModel.js';
import { covers, inWindows, lineWindows, rowsIn } from '../../../src/extension/editor/lineWindows.js';
import { estimateDetail, estimateSummary, estimateTitle, tokensPerCase } from '../../../src/extension/editor/estimateText.js';
import { result } from './results.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');

function input(extra: Partial<PromptLensInput> = {}): PromptLensInput {
  return { file: '/w/a.prompt.yml', line: 1, caseCount: 6, models: ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini'], repeat: 1, errors: 0, trusted: true, estimate: { kind: 'pending' }, ...extra };
}

test('run lens counts cases × models (× repeats)', () => {
  assert.equal(runTitle(6, 2, 1), '▶ Run eval (6 cases × 2 models)');
  assert.equal(runTitle(1, 1, 3), '▶ Run eval (1 case × 1 model × 3 repeats)');
});

test('a runnable prompt gets run, estimate, compare, compare-with-HEAD and generate-rows lenses on its line', () => {
  const lenses = promptLenses(input());
  assert.deepEqual(
    lenses.map((l) => l.title),
    ['▶ Run eval (6 cases × 2 models)', 'Estimate: counting tokens…', 'Compare models', 'Compare with HEAD', 'Generate rows'],
  );
  assert.deepEqual(
    lenses.map((l) => l.command),
    ['promptWorkbench.runEval', 'promptWorkbench.estimateCost', 'promptWorkbench.compareModels', 'promptWorkbench.compareWithHead', 'promptWorkbench.generateRows'],
  );
  assert.ok(lenses.every((l) => l.line === 1 && l.target?.file === '/w/a.prompt.yml'));
});

test('errors replace the lenses with a pointer to Problems; Restricted Mode locks the run lens', () => {
  assert.deepEqual(
    promptLenses(input({ errors: 2 })).map((l) => l.title),
    ['$(error) 2 errors to fix before this prompt can run'],
  );
  const locked = promptLenses(input({ trusted: false }));
  assert.equal(locked[0].title, '$(lock) Runs disabled in Restricted Mode');
  assert.ok(!locked.some((l) => l.command === 'promptWorkbench.generateRows'), 'generating rows sends the prompt to a model: not in Restricted Mode');
  assert.match(locked[0].tooltip ?? '', /Restricted Mode/);
  assert.equal(locked[1].title, 'Estimate: counting tokens…', 'estimates still work untrusted');
});

test('the last run shows as a lens that opens its results', () => {
  const summary = lastRunSummary({ status: 'cancelled', results: [result('a', 'passed'), result('b', 'failed'), result('c', 'cancelled')] });
  assert.deepEqual(summary, { status: 'cancelled', passed: 1, decided: 2, costUsd: 0.00024 });
  const lenses = promptLenses(input({ lastRun: summary }));
  assert.equal(lenses.at(-2)?.title, 'Last run (cancelled): 1/2 passed · $0.00024');
  assert.equal(lenses.at(-2)?.command, 'promptWorkbench.openResults');
  assert.equal(lenses.at(-1)?.title, 'Generate rows', 'generating rows comes last');
  assert.equal(promptLenses(input({ lastRun: { ...summary, status: 'running' } })).at(-2)?.title, 'Running: 1/2 passed so far · $0.00024');
});

test('a run of models without a known price says "cost unknown", not "$0"', () => {
  const unpriced = lastRunSummary({
    status: 'completed',
    results: [
      { ...result('a', 'passed'), costUsd: null },
      { ...result('b', 'failed'), costUsd: null },
    ],
  });
  assert.equal(unpriced.costUsd, null);
  assert.equal(promptLenses(input({ lastRun: unpriced })).at(-2)?.title, 'Last run: 1/2 passed · cost unknown');
});

test('row lenses run one case, naming the prompt when a dataset is shared', () => {
  const rows = rowLenses(
    [
      { file: '/w/a.prompt.yml', caseId: 'france', line: 0 },
      { file: '/w/b.prompt.yml', caseId: 'france', line: 0, promptLabel: 'Capitals v2' },
    ],
    true,
  );
  assert.deepEqual(
    rows.map((r) => [r.title, r.command, r.target]),
    [
      ['▶ Run case', 'promptWorkbench.runCase', { file: '/w/a.prompt.yml', caseId: 'france' }],
      ['▶ Run case (Capitals v2)', 'promptWorkbench.runCase', { file: '/w/b.prompt.yml', caseId: 'france' }],
    ],
  );
  assert.equal(rowLenses([{ file: 'x', caseId: 'y', line: 3 }], false)[0].title, '$(lock) Run case');
});

test('the estimate lens of examples/capitals reads tokens per case and the run cost', async () => {
  const prepared = await preparePrompt(path.join(examples, 'capitals.prompt.yml'), { workspaceRoot: examples });
  const estimate = await estimateRun({ prompt: prepared.parsed.prompt!, cases: prepared.cases, pricing: BUNDLED_PRICING });
  const perCase = (estimate.inputTokens + estimate.outputTokens) / estimate.requests;
  assert.equal(tokensPerCase(estimate), perCase);
  // Both prices: the standard one and, in brackets, the same run through the batch API.
  assert.equal(
    estimateTitle(estimate),
    `Estimate: ${Math.round(perCase)} tokens/case · ~$${Number(estimate.costUsd.toPrecision(2))} per run (batch ~$${Number(estimate.batchCostUsd.toPrecision(2))})`,
  );
  assert.match(estimateSummary(estimate), /^6 cases × 2 models: \d+ input \+ \d+ output tokens, ~\$0\.\d+ per run \(batch ~\$0\.\d+\)$/);
  const detail = estimateDetail(estimate, BUNDLED_PRICING);
  assert.match(detail, /openai\/gpt-4o-mini: \d+ in \+ 20 out tokens\/case \(output maxTokens, a ceiling\), 6 requests/);
  assert.match(detail, /Prices: .*as of /);
});

test('estimates are marked approximate for unknown tokenizers and say when the cost is unknown', async () => {
  const prepared = await preparePrompt(path.join(examples, 'support-triage.prompt.yml'), { workspaceRoot: examples });
  const estimate = await estimateRun({ prompt: prepared.parsed.prompt!, cases: prepared.cases, models: ['ollama/llama3.2'], pricing: BUNDLED_PRICING });
  assert.match(estimateTitle(estimate), /^Estimate: ≈[\d,]+ tokens\/case · cost unknown$/);
  const mixed = await estimateRun({ prompt: prepared.parsed.prompt!, cases: prepared.cases, models: ['openai/gpt-4o-mini', 'ollama/llama3.2'], pricing: BUNDLED_PRICING });
  assert.match(estimateTitle(mixed), /· ≥\$[\d.]+ per run \(batch ≥\$[\d.]+\)$/);
});

test('the estimate lens and the Estimate Cost message include the LLM judges, their share named apart', async () => {
  const prepared = await preparePrompt(path.join(examples, 'capitals.prompt.yml'), { workspaceRoot: examples });
  const prompt = { ...prepared.parsed.prompt!, evaluators: [{ name: 'fluency', uses: 'github/fluency' }] };
  const run = await estimateRun({ prompt, cases: prepared.cases, pricing: BUNDLED_PRICING });
  const judges = await estimateJudges({ prompt, cases: prepared.cases, run, judgeModel: 'openai/gpt-4o', pricing: BUNDLED_PRICING });
  const estimate = { ...run, judges };
  const total = run.costUsd + judges.costUsd;
  assert.equal(
    estimateTitle(estimate),
    `Estimate: ${Math.round(tokensPerCase(run))} tokens/case · ~${usd(total)} per run (judges ${usd(judges.costUsd)}; batch ~${usd(run.batchCostUsd + judges.costUsd)})`,
  );
  assert.match(
    estimateSummary(estimate),
    /^6 cases × 2 models: [\d,]+ input \+ [\d,]+ output tokens \(prompt [\d,]+ \+ [\d,]+, judges [\d,]+ \+ [\d,]+\), ~\$0\.\d+ per run \(judges \$0\.\d+; batch ~\$0\.\d+\)$/,
  );
  const detail = estimateDetail(estimate, BUNDLED_PRICING);
  assert.match(detail, /^judge openai\/gpt-4o: ≈[\d,]+ in \+ 100 out tokens\/request \(output assumed\), 12 requests, \$0\.\d+$/m);
  assert.match(detail, /Judges: 12 LLM-judge requests/);
  assert.doesNotMatch(detail, /not priced/);
});

test('row lenses only near what editors show: 5,000 rows give the screenful and a margin, not 5,000 lenses', () => {
  const rows = Array.from({ length: 5000 }, (_, i) => ({ line: 9 + i * 4, caseId: `row-${i}` }));
  const windows = lineWindows([{ from: 19_960, to: 20_008 }], 150);
  assert.deepEqual(windows, [{ from: 19_810, to: 20_158 }]);
  const near = rowsIn(rows, windows);
  assert.equal(near.length, 49, 'rows 4951–4999: the last screenful and 150 lines above it');
  assert.ok(near.every((r) => r.line >= 19_810 && r.line <= 20_158));
  // Two editors on one file: both windows; no editor: the top of the file.
  assert.equal(
    rowsIn(
      rows,
      lineWindows(
        [
          { from: 0, to: 40 },
          { from: 19_960, to: 20_008 },
        ],
        150,
      ),
    ).length,
    46 + 49,
  );
  assert.deepEqual(lineWindows([], 150), [{ from: 0, to: 300 }]);
  assert.equal(rowsIn(rows.slice(0, 3), lineWindows([], 150)).length, 3, 'a small file shown nowhere still has all its lenses');
});

test('scrolling asks for lenses again only once the view comes within half a margin of their edge', () => {
  const windows = lineWindows([{ from: 1000, to: 1040 }], 150);
  assert.ok(covers(windows, { from: 1060, to: 1100 }, 75));
  assert.ok(!covers(windows, { from: 1120, to: 1160 }, 75), 'near the bottom edge');
  assert.ok(!covers(windows, { from: 900, to: 940 }, 75), 'near the top edge');
  assert.ok(covers(lineWindows([{ from: 0, to: 40 }], 150), { from: 0, to: 40 }, 75), 'the top of the file needs no slack above');
});

test('a line is in the windows when any editor shows it or a line within the margin', () => {
  const windows = lineWindows(
    [
      { from: 100, to: 140 },
      { from: 5000, to: 5040 },
    ],
    200,
  );
  assert.deepEqual(
    [0, 340, 341, 4799, 4800, 5240, 5241].map((line) => inWindows(line, windows)),
    [true, true, false, false, true, true, false],
  );
});
