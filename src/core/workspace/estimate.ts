import type { PreparedPrompt } from '../prepare.js';
import type { EvalCase } from '../dataset/row.js';
import type { CaseStream } from '../dataset/stream.js';
import { casesIn, estimateRun, type CaseCounter, type ConversationCounter, type EstimateInput, type RunEstimate } from '../tokens/estimate.js';
import { defaultJudgeModel, estimateJudges, judgeModelsOf } from '../tokens/judgeEstimate.js';
import { pricingWith } from '../tokens/pricing.js';
import { callsModel } from '../evaluators/registry.js';
import { tokenHistoryOf } from './records.js';
import type { WorkspaceSession } from './session.js';

export interface SessionEstimateOptions {
  models?: readonly string[];
  repeat?: number;
  /** Models that count their own tokens (VS Code's language models). */
  counters?: Readonly<Record<string, ConversationCounter>>;
  /** Mean output tokens per model; read from the session's records when not given. */
  outputHistory?: ReadonlyMap<string, number>;
  /** Mean output tokens per judge model; read from the session's records when outputHistory is not given either. */
  judgeOutputHistory?: ReadonlyMap<string, number>;
  /** Per model, what its price stands for (GitHub Models); judge models included. */
  priceNotes?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
  /** The cases counted as the stream was first read (caseCounter with the same models and the session's providers). */
  counted?: CaseCounter;
}

/** The token and cost estimate of a prepared prompt, with the session's prices and past runs; its LLM judges in `judges`. */
export async function estimatePrepared(
  session: WorkspaceSession,
  prepared: Pick<PreparedPrompt, 'parsed'> & { cases: EstimateInput['cases'] },
  options: SessionEstimateOptions = {},
): Promise<RunEstimate | undefined> {
  const prompt = prepared.parsed.prompt;
  if (!prompt) return undefined;
  const history = options.outputHistory
    ? { outputs: options.outputHistory, judges: options.judgeOutputHistory }
    : await tokenHistoryOf(session, prepared.parsed.file).catch(() => ({ outputs: new Map<string, number>(), judges: new Map<string, number>() }));
  const pricing = pricingWith(session.config.pricing);
  const run = await estimateRun({
    prompt,
    cases: prepared.cases,
    models: options.models,
    repeat: options.repeat,
    pricing,
    providers: session.config.providers,
    outputHistory: history.outputs,
    counters: options.counters,
    priceNotes: options.priceNotes,
    signal: options.signal,
    counted: options.counted,
  });
  return withJudgeEstimate(session, prepared, run, { ...options, judgeOutputHistory: history.judges });
}

/** What an estimate reads: the prompt and its cases, a list or a stream. */
type EstimatedPrompt = Pick<PreparedPrompt, 'parsed'> & { cases: EstimateInput['cases'] };

/** Adds the estimate of the run's LLM-judge calls (kept apart from the prompt's own requests; a second pass over the cases, only when some evaluator calls a judge). */
async function withJudgeEstimate(session: WorkspaceSession, prepared: EstimatedPrompt, run: RunEstimate, options: SessionEstimateOptions): Promise<RunEstimate> {
  const prompt = prepared.parsed.prompt;
  if (!prompt || run.judgeRequests === 0) return run;
  const judges = await estimateJudges({
    prompt,
    cases: casesIn(prepared.cases),
    run,
    judgeModel: defaultJudgeModel(prompt, session.config.judgeModel),
    pricing: pricingWith(session.config.pricing),
    providers: session.config.providers,
    outputHistory: options.judgeOutputHistory,
    counters: options.counters,
    priceNotes: options.priceNotes,
    signal: options.signal,
  });
  return { ...run, judges };
}

/** The models an estimate prices: the run's and its judges' (their price notes, their token counters). */
export async function estimatedModels(session: WorkspaceSession, prepared: EstimatedPrompt, models: readonly string[]): Promise<string[]> {
  const prompt = prepared.parsed.prompt;
  if (!prompt) return [...models];
  // No judge anywhere: not worth rendering every case's evaluators (or reading every dataset) to find that out.
  if (!prompt.evaluators.some(callsModel) && !mayHaveRowEvaluators(prepared.cases)) return [...models];
  return [...new Set([...models, ...(await judgeModelsOf(prompt, casesIn(prepared.cases), defaultJudgeModel(prompt, session.config.judgeModel)))])];
}

/** Whether some case may carry its own `_evaluators`: a list is looked at, a stream says so (or is assumed to). */
function mayHaveRowEvaluators(cases: EstimateInput['cases']): boolean {
  if (Array.isArray(cases)) return cases.some((c: EvalCase) => c.evaluators.length > 0);
  return (cases as CaseStream).rowEvaluators !== false;
}
