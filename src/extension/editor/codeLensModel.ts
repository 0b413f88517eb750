import type { RunRecord, RunStatus } from '../../core/record/types.js';
import type { RunEstimate } from '../../core/tokens/estimate.js';
import { estimateTitle } from './estimateText.js';
import { plural, usd } from '../format.js';

// The CodeLens rows of a prompt file (run, estimate, compare, last run, generate rows) and the "▶ Run case" above
// each dataset row, as plain data; src/extension/codeLens.ts only turns them into vscode.CodeLens.

export type EstimateState = { kind: 'ready'; estimate: RunEstimate } | { kind: 'pending' } | { kind: 'failed'; message: string } | { kind: 'off' };

export interface LensTarget {
  /** The prompt file the command acts on. */
  file: string;
  caseId?: string;
}

export interface LensSpec {
  line: number;
  title: string;
  command: string;
  target?: LensTarget;
  tooltip?: string;
}

export interface LastRunSummary {
  status: RunStatus;
  passed: number;
  decided: number;
  /** null when no result had a known price. */
  costUsd: number | null;
}

export interface PromptLensInput {
  file: string;
  /** 0-based line the prompt's lenses sit on. */
  line: number;
  caseCount: number;
  models: readonly string[];
  repeat: number;
  /** Errors that stop the prompt from running. */
  errors: number;
  trusted: boolean;
  estimate: EstimateState;
  lastRun?: LastRunSummary;
  /** Every model has a batch price: offer Run as batch. */
  batch?: boolean;
  /** The prompt has {{vars}} and not one case (the prompt/no-test-data warning): offer to add one. */
  noTestData?: boolean;
}

export const RESTRICTED_TOOLTIP = 'Runs are disabled in Restricted Mode: a run sends workspace content to the endpoints the workspace configures. Trust the workspace to run evals.';

export function runTitle(caseCount: number, models: number, repeat: number): string {
  const repeats = repeat > 1 ? ` × ${plural(repeat, 'repeat')}` : '';
  return `▶ Run eval (${plural(caseCount, 'case')} × ${plural(models, 'model')}${repeats})`;
}

export function promptLenses(input: PromptLensInput): LensSpec[] {
  const { line, file } = input;
  const target = { file };
  if (input.errors > 0) {
    return [{ line, title: `$(error) ${plural(input.errors, 'error')} to fix before this prompt can run`, command: 'workbench.actions.view.problems', tooltip: 'Show the Problems panel' }];
  }
  const lenses: LensSpec[] = [];
  if (input.noTestData) {
    lenses.push({
      line,
      title: '$(add) Add a test case',
      command: 'promptWorkbench.addTestCase',
      target,
      tooltip: 'The prompt has {{variables}} but no test data: a run would evaluate nothing. Adds a testData row to fill in.',
    });
  }
  if (input.trusted) {
    lenses.push({
      line,
      title: runTitle(input.caseCount, input.models.length, input.repeat),
      command: 'promptWorkbench.runEval',
      target,
      tooltip: `Run every case against ${input.models.join(', ')}`,
    });
    if (input.batch) {
      lenses.push({
        line,
        title: 'Run as batch (½ price)',
        command: 'promptWorkbench.runEvalAsBatch',
        target,
        tooltip: "Send the cases through the providers' batch APIs at about half price; results come within 24 hours, and are collected even after the editor is closed and reopened",
      });
    }
  } else {
    lenses.push({ line, title: '$(lock) Runs disabled in Restricted Mode', command: 'promptWorkbench.runEval', target, tooltip: RESTRICTED_TOOLTIP });
  }
  const estimate = estimateLens(input.estimate);
  if (estimate) lenses.push({ line, ...estimate, command: 'promptWorkbench.estimateCost', target });
  lenses.push({ line, title: 'Compare models', command: 'promptWorkbench.compareModels', target });
  lenses.push({ line, title: 'Compare with HEAD', command: 'promptWorkbench.compareWithHead', target });
  if (input.lastRun) lenses.push({ line, title: lastRunTitle(input.lastRun), command: 'promptWorkbench.openResults', target, tooltip: 'Open the results of the last run' });
  if (input.trusted) lenses.push({ line, title: 'Generate rows', command: 'promptWorkbench.generateRows', target, tooltip: 'Ask a model for new dataset rows covering the variables' });
  return lenses;
}

function estimateLens(state: EstimateState): { title: string; tooltip?: string } | undefined {
  switch (state.kind) {
    case 'ready':
      return {
        title: estimateTitle(state.estimate),
        tooltip:
          'Tokens and cost before running: input counted with the model’s tokenizer, output from past runs or maxTokens; tokens/case are the prompt’s own requests, the cost includes every LLM-judge call',
      };
    case 'pending':
      return { title: 'Estimate: counting tokens…' };
    case 'failed':
      return { title: 'Estimate: unavailable', tooltip: state.message };
    case 'off':
      return undefined;
  }
}

/** Counted from the results, not the record's summary, which the core refreshes only when it writes. */
export function lastRunSummary(record: Pick<RunRecord, 'status' | 'results'>): LastRunSummary {
  const passed = record.results.filter((r) => r.status === 'passed').length;
  const decided = record.results.filter((r) => r.status !== 'cancelled').length;
  const ran = record.results.filter((r) => r.status !== 'cancelled' && !r.error);
  // No known price for any of it: say so rather than "$0".
  const costUsd = ran.length && ran.every((r) => r.costUsd === null) ? null : record.results.reduce((s, r) => s + (r.costUsd ?? 0), 0);
  return { status: record.status, passed, decided, costUsd };
}

export function lastRunTitle(run: LastRunSummary): string {
  const cost = run.costUsd === null ? 'cost unknown' : usd(run.costUsd);
  if (run.status === 'running') return `Running: ${run.passed}/${run.decided} passed so far · ${cost}`;
  if (run.status === 'pending') return `Batch pending: ${run.passed}/${run.decided} passed so far · ${cost}`;
  const state = run.status === 'completed' ? '' : ` (${run.status})`;
  return `Last run${state}: ${run.passed}/${run.decided} passed · ${cost}`;
}

export interface RowLensInput {
  /** The prompt file whose case this row is. */
  file: string;
  caseId: string;
  line: number;
  /** Set when several prompts use the same dataset row: says which prompt the lens runs. */
  promptLabel?: string;
}

export function rowLenses(rows: readonly RowLensInput[], trusted: boolean): LensSpec[] {
  return rows.map((row) => ({
    line: row.line,
    title: `${trusted ? '▶' : '$(lock)'} Run case${row.promptLabel ? ` (${row.promptLabel})` : ''}`,
    command: 'promptWorkbench.runCase',
    target: { file: row.file, caseId: row.caseId },
    tooltip: trusted ? `Run case ${row.caseId}` : RESTRICTED_TOOLTIP,
  }));
}
