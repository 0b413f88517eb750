import type { PromptFile } from '../prompt/parse.js';
import type { EvalCase } from '../dataset/row.js';
import type { ChatMessage } from '../providers/types.js';
import type { ProviderConfig } from '../workspace/config.js';
import type { JudgeRequest } from '../evaluators/types.js';
import { BUILTIN_JUDGE_MODEL } from '../evaluators/builtins.js';
import { judgeRequestsOf } from '../evaluators/registry.js';
import { providerName } from '../modelId.js';
import { costOf, priceFor, type PricingTable } from './pricing.js';
import { timeSlices, type TimeSlices } from './timeSlices.js';
import { countChatsSliced, loadEncoder, tokenizerFor, type EncodingName } from './tokenizer.js';

// The LLM-judge calls a run will make, estimated like the prompt's own: every judge an evaluator
// sends (llm, the github/* built-ins, rubric, also inside `not`) is rendered for every case exactly
// as the run renders it – the evaluators' own request builders – with the answer left empty and the
// expected output's tokens added in its place, counted with the judge model's tokenizer and priced
// at the judge model's price. The judge's reply comes from past runs, else an assumption.

/** Output tokens assumed per judge reply without history: the built-ins reason briefly before "Score: N". */
export const ASSUMED_JUDGE_OUTPUT_TOKENS = 100;

export interface JudgeModelEstimate {
  model: string;
  encoding: EncodingName;
  /** What counted the tokens: an encoding name, or "the model's own countTokens". */
  tokenizer: string;
  /** The judge model's tokenizer is known (the answer's tokens inside its prompt are estimated all the same). */
  exact: boolean;
  requests: number;
  /** Judge prompts with the expected answer in them. */
  inputTokens: number;
  inputTokensPerRequest: number;
  outputTokens: number;
  outputTokensPerRequest: number;
  outputBasis: 'history' | 'assumed';
  /** null when the judge model has no known price. */
  costUsd: number | null;
  priceNote?: string;
}

export interface JudgeEstimate {
  models: JudgeModelEstimate[];
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Some judge model had no price, so costUsd leaves it out. */
  costIncomplete: boolean;
}

/** What the judges grade: each model's answer to each case, every repeat. */
export interface JudgedAnswers {
  repeat: number;
  /** No cases: a run judges nothing. */
  templateOnly: boolean;
  models: ReadonlyArray<{ outputTokensPerCase: number }>;
}

export interface JudgeEstimateInput {
  prompt: PromptFile;
  /** The cases, as a list or streamed; each is rendered and counted, then dropped. */
  cases: Iterable<EvalCase> | AsyncIterable<EvalCase>;
  /** The prompt's own estimate (a RunEstimate): its models' expected output per case, repeats. */
  run: JudgedAnswers;
  /** The judge for evaluators that name none (see defaultJudgeModel). */
  judgeModel: string;
  pricing: PricingTable;
  providers?: Record<string, ProviderConfig>;
  /** Mean output tokens per judge model from past runs. */
  outputHistory?: ReadonlyMap<string, number>;
  /** Models that count their own tokens (VS Code's language models). */
  counters?: Readonly<Record<string, (messages: readonly ChatMessage[]) => Promise<number>>>;
  priceNotes?: Readonly<Record<string, string>>;
  /** Stops counting at the next safe point (the editor re-estimates as you type). */
  signal?: AbortSignal;
}

/** The judge model a run uses for evaluators that name none: the prompt's, the workspace's, gh models'. */
export function defaultJudgeModel(prompt: Pick<PromptFile, 'judgeModel'>, configured?: string): string {
  return prompt.judgeModel ?? configured ?? BUILTIN_JUDGE_MODEL;
}

/** Every judge request the evaluators of one case send for an empty answer. */
function caseJudgeRequests(prompt: PromptFile, evalCase: EvalCase, judgeModel: string): JudgeRequest[] {
  const ctx = { output: '', vars: evalCase.vars, judgeModel };
  return [...prompt.evaluators, ...evalCase.evaluators].flatMap((e) => judgeRequestsOf(e, ctx));
}

/** The judge models a run would call, in first-use order (their price notes, their keys); the cases a list or a stream. */
export async function judgeModelsOf(prompt: PromptFile, cases: Iterable<EvalCase> | AsyncIterable<EvalCase>, judgeModel: string): Promise<string[]> {
  const models = new Set<string>();
  for await (const c of cases) for (const r of caseJudgeRequests(prompt, c, judgeModel)) models.add(r.model);
  return [...models];
}

/** How one judge model counts tokens: its own countTokens (VS Code), else its tokenizer. */
interface JudgeCounter {
  encoding: EncodingName;
  exact: boolean;
  tokenizer: string;
  count(conversations: readonly ChatMessage[][]): Promise<number[]>;
}

async function judgeCounter(model: string, input: JudgeEstimateInput, slices: TimeSlices): Promise<JudgeCounter> {
  const own = input.counters?.[model];
  if (own) return { encoding: 'o200k_base', exact: true, tokenizer: "the model's own countTokens", count: (list) => Promise.all(list.map((m) => own(m))) };
  const choice = tokenizerFor(model, input.providers?.[providerName(model)]?.tokenizer);
  const encoder = await loadEncoder(choice.encoding);
  return { ...choice, tokenizer: choice.encoding, count: async (list) => (await countChatsSliced(list, encoder, slices)).map((c) => c.total) };
}

/** Per judge model: how many judge prompts a pass over the cases renders, and their tokens. */
interface JudgeTally {
  counter: JudgeCounter;
  prompts: number;
  promptTokens: number;
}

/** Renders and counts every case's judge prompts, one case at a time, so a streamed dataset is never held whole. */
async function tallyJudgePrompts(input: JudgeEstimateInput): Promise<Map<string, JudgeTally>> {
  const tallies = new Map<string, JudgeTally>();
  const slices = timeSlices({ signal: input.signal });
  for await (const c of input.cases) {
    input.signal?.throwIfAborted();
    const byModel = new Map<string, ChatMessage[][]>();
    for (const request of caseJudgeRequests(input.prompt, c, input.judgeModel)) byModel.set(request.model, [...(byModel.get(request.model) ?? []), request.messages]);
    for (const [model, conversations] of byModel) {
      let tally = tallies.get(model);
      if (!tally) tallies.set(model, (tally = { counter: await judgeCounter(model, input, slices), prompts: 0, promptTokens: 0 }));
      tally.prompts += conversations.length;
      for (const n of await tally.counter.count(conversations)) tally.promptTokens += n;
    }
  }
  return tallies;
}

export async function estimateJudges(input: JudgeEstimateInput): Promise<JudgeEstimate> {
  const { run } = input;
  // Each case's answer from each model is judged once per repeat.
  const answersPerCase = run.models.length * run.repeat;
  const expectedAnswerTokens = run.models.reduce((sum, m) => sum + m.outputTokensPerCase, 0) * run.repeat;
  const tallies = run.templateOnly ? new Map<string, JudgeTally>() : await tallyJudgePrompts(input);
  const models: JudgeModelEstimate[] = [];
  for (const [model, { counter, prompts, promptTokens }] of tallies) {
    const requests = prompts * answersPerCase;
    // The answer goes into each judge prompt: every model's expected output, every repeat.
    const inputTokens = Math.round(promptTokens * answersPerCase + prompts * expectedAnswerTokens);
    const history = input.outputHistory?.get(model);
    const outputPerRequest = history ?? ASSUMED_JUDGE_OUTPUT_TOKENS;
    const outputTokens = Math.round(outputPerRequest * requests);
    const costUsd = costOf({ inputTokens, outputTokens, cachedInputTokens: 0 }, priceFor(model, input.pricing));
    models.push({
      model,
      encoding: counter.encoding,
      tokenizer: counter.tokenizer,
      exact: counter.exact,
      requests,
      inputTokens,
      inputTokensPerRequest: requests ? Math.round(inputTokens / requests) : 0,
      outputTokens,
      outputTokensPerRequest: Math.round(outputPerRequest),
      outputBasis: history === undefined ? 'assumed' : 'history',
      costUsd,
      ...(input.priceNotes?.[model] ? { priceNote: input.priceNotes[model] } : {}),
    });
  }
  return {
    models,
    requests: models.reduce((s, m) => s + m.requests, 0),
    inputTokens: models.reduce((s, m) => s + m.inputTokens, 0),
    outputTokens: models.reduce((s, m) => s + m.outputTokens, 0),
    costUsd: models.reduce((s, m) => s + (m.costUsd ?? 0), 0),
    costIncomplete: models.some((m) => m.costUsd === null),
  };
}
