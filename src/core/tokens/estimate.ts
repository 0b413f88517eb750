import type { PromptFile } from '../prompt/parse.js';
import type { EvalCase } from '../dataset/row.js';
import { casesOf, type CaseStream } from '../dataset/stream.js';
import type { ChatMessage } from '../providers/types.js';
import type { ProviderConfig } from '../workspace/config.js';
import { providerName } from '../modelId.js';
import { callsModel, embeds } from '../evaluators/registry.js';
import { caseMessages, renderMessages } from '../conversation/caseMessages.js';
import { imageTokens, UNKNOWN_IMAGE_SIZE } from '../conversation/imageTokens.js';
import { batchPriceFor, costOf, priceFor, type PricingTable } from './pricing.js';
import { timeSlices } from './timeSlices.js';
import { countingHere, type Counting } from './counting.js';
import type { JudgeEstimate } from './judgeEstimate.js';
import { tokenizerFor, type EncodingName } from './tokenizer.js';

// Before a run: input tokens counted exactly (or labelled approximate), output tokens from past
// runs, else maxTokens as a ceiling, else an assumption – always labelled with where they came from.

export type OutputBasis = 'history' | 'maxTokens' | 'assumed';

/** Output tokens assumed per case when there is neither history nor maxTokens. */
export const ASSUMED_OUTPUT_TOKENS = 256;

/** Counts a conversation's input tokens the way its provider bills them (VS Code's language models count their own). */
export type ConversationCounter = (messages: readonly ChatMessage[]) => Promise<number>;

export interface ModelEstimate {
  model: string;
  encoding: EncodingName;
  /** What counted the tokens: an encoding name, or "the model's own countTokens". */
  tokenizer: string;
  /** The model's tokenizer is known, so message tokens are exact. */
  exact: boolean;
  /** Tokens added for the response_format schema, counted as plain text (the API's framing is unpublished). */
  schemaTokens: number;
  /** Tokens added per request for `workbench.tools`, the definitions counted as JSON text (the API's framing is unpublished). */
  toolTokens: number;
  /** Image tokens per case on average, by OpenAI's tile rule (IMAGE_RULE); 0 without `_images`. */
  imageTokensPerCase: number;
  requests: number;
  inputTokens: number;
  inputTokensPerCase: number;
  outputTokens: number;
  outputTokensPerCase: number;
  outputBasis: OutputBasis;
  /** null when the model has no known price. */
  costUsd: number | null;
  costPerCase: number | null;
  /** The same requests through the provider's batch API (`eval --batch`); null when no batch price is known. */
  batchCostUsd: number | null;
  /** What the price stands for, when it is not the provider's own (GitHub Models: OpenAI's list price, an upper bound). */
  priceNote?: string;
  contextWindow?: number;
  /** Largest single request's input, to compare with the context window. */
  maxInputTokens: number;
}

export interface RunEstimate {
  cases: number;
  repeat: number;
  /** True when there were no rows and the template itself (placeholders unfilled) was counted. */
  templateOnly: boolean;
  models: ModelEstimate[];
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Some model had no price, so costUsd leaves it out. */
  costIncomplete: boolean;
  /** The run through the batch APIs (`eval --batch`), for the models with a batch price. */
  batchCostUsd: number;
  /** Some model had no batch price, so batchCostUsd leaves it out. */
  batchCostIncomplete: boolean;
  /** LLM-judge calls the run will also make; `judges` estimates them (requests, tokens, cost by judge model). */
  judgeRequests: number;
  /** The judges' tokens and cost, apart from the prompt's own (inputTokens … costUsd above are the prompt's requests only; see estimateTotals). */
  judges?: JudgeEstimate;
  /** Embedding requests of `similar` evaluators (not priced). */
  embedRequests: number;
}

export interface EstimateInput {
  prompt: PromptFile;
  /** A list, or a stream read once (any size). */
  cases: readonly EvalCase[] | CaseStream;
  models?: readonly string[];
  repeat?: number;
  pricing: PricingTable;
  providers?: Record<string, ProviderConfig>;
  /** Mean output tokens per model from past runs. */
  outputHistory?: ReadonlyMap<string, number>;
  /** Models that count their own tokens; their counts are exact and replace the local tokenizer's. */
  counters?: Readonly<Record<string, ConversationCounter>>;
  /** Per model, what its price stands for (see ModelEstimate.priceNote). */
  priceNotes?: Readonly<Record<string, string>>;
  /** Stops counting at the next safe point (the editor re-estimates as you type). */
  signal?: AbortSignal;
  /** The cases counted already (see caseCounter), with the same prompt, models, providers and counters: `cases` is not read. */
  counted?: CaseCounter;
}

/** Conversations counted at a time: one await per batch, and a bounded number of rendered rows held. */
const BATCH = 256;

interface Tally {
  total: number;
  max: number;
}

interface CountPlan {
  model: string;
  counter?: ConversationCounter;
  choice: { encoding: EncodingName; exact: boolean };
}

function isStream(cases: EstimateInput['cases']): cases is CaseStream {
  return !Array.isArray(cases);
}

/** The cases of an estimate's input as an iterable: a list as it is, a stream from its start. */
export function casesIn(cases: EstimateInput['cases']): AsyncIterable<EvalCase> | Iterable<EvalCase> {
  return isStream(cases) ? casesOf(cases) : cases;
}

/** The same, a batch at a time: a list is one batch. */
function batchesIn(cases: EstimateInput['cases']): AsyncIterable<readonly EvalCase[]> | Iterable<readonly EvalCase[]> {
  return isStream(cases) ? cases.batches() : [cases];
}

/** What counting needs of an estimate's input: the cases are given to it as they pass. */
export type CountInput = Pick<EstimateInput, 'prompt' | 'models' | 'providers' | 'counters' | 'signal'>;

/** Counts cases as they are given, a batch at a time; `finish` once they have all passed. */
export interface CaseCounter {
  add: (cases: readonly EvalCase[]) => Promise<void>;
  finish: () => Promise<CaseCounts>;
}

type CaseCounts = Awaited<ReturnType<typeof countedCases>>;

function plansFor(input: CountInput): CountPlan[] {
  return (input.models ?? input.prompt.models).map((model) => {
    const counter = input.counters?.[model];
    return { model, counter, choice: counter ? { encoding: 'o200k_base' as const, exact: true } : tokenizerFor(model, input.providers?.[providerName(model)]?.tokenizer) };
  });
}

/**
 * Cases counted as they pass, however many: each is rendered, counted with every encoding and
 * counter the models need, and let go – a million rows take the memory of a few batches. Given to
 * a stream's first read (`estimateRun`'s `counted`), it saves reading the datasets again.
 * `counting` says where the encodings count (default: this thread, in time slices); one given is
 * the caller's to close, and may serve many counters (the CLI's worker serves every file).
 */
export function caseCounter(input: CountInput & { counting?: Counting }): CaseCounter {
  const { prompt } = input;
  const plans = plansFor(input);
  const encodings = [...new Set(plans.filter((p) => !p.counter).map((p) => p.choice.encoding))];
  const counting = input.counting ?? countingHere(timeSlices({ signal: input.signal }));
  // Tallies by encoding, and by model for models that count their own.
  const tallies = new Map<string, Tally>();
  const add = (key: string, n: number, max = n) => {
    const t = tallies.get(key) ?? { total: 0, max: 0 };
    t.total += n;
    t.max = Math.max(t.max, max);
    tallies.set(key, t);
  };
  // Batches being counted; with a worker, the next batch is read meanwhile.
  const inProgress = new Set<Promise<void>>();
  const settle = async (limit: number) => {
    while (inProgress.size > limit) await Promise.race(inProgress);
  };
  let batch: ChatMessage[][] = [];
  const flush = async () => {
    const full = batch;
    batch = [];
    for (const encoding of encodings) {
      const counted = counting.conversations(encoding, full).then(({ total, max }) => add(encoding, total, max));
      inProgress.add(counted);
      void counted.finally(() => inProgress.delete(counted)).catch(() => {});
    }
    for (const p of plans) if (p.counter) for (const n of await Promise.all(full.map((messages) => p.counter!(messages)))) add(`model:${p.model}`, n);
    await settle(counting.inFlight - 1);
  };
  const totals = { cases: 0, judges: 0, embedders: 0 };
  return {
    async add(list) {
      for (const c of list) {
        totals.cases++;
        if (c.evaluators.length) totals.judges += c.evaluators.filter(callsModel).length;
        if (c.evaluators.length) totals.embedders += c.evaluators.filter(embeds).length;
        batch.push(caseMessages(prompt, c));
        // Images by OpenAI's tile rule, per model (gpt-4o-mini prices them differently).
        if (c.images?.length) for (const p of plans) add(`images:${p.model}`, caseImageTokens(c, p.model));
        if (batch.length >= BATCH) await flush();
      }
    },
    async finish() {
      // No rows: the template itself, placeholders unfilled.
      if (totals.cases === 0) batch.push(renderMessages(prompt, {}));
      await flush();
      await settle(0);
      return countedCases(prompt, { ...totals, tallies, encodings, counting });
    },
  };
}

/** The counts per plan, with the schema's and tools' tokens that go with every request. */
async function countedCases(
  prompt: PromptFile,
  counted: { cases: number; judges: number; embedders: number; tallies: ReadonlyMap<string, Tally>; encodings: readonly EncodingName[]; counting: Counting },
) {
  const { tallies, counting } = counted;
  const schemaText = prompt.jsonSchema ? JSON.stringify(prompt.jsonSchema.schema) : '';
  // Tool definitions go with every request; like the schema, their framing is unpublished, so
  // they are counted as JSON text.
  const toolsText = prompt.tools?.length ? JSON.stringify(prompt.tools) : '';
  const schema = new Map<EncodingName, number>();
  const tools = new Map<EncodingName, number>();
  for (const encoding of counted.encodings) {
    schema.set(encoding, schemaText ? await counting.text(encoding, schemaText) : 0);
    tools.set(encoding, toolsText ? await counting.text(encoding, toolsText) : 0);
  }
  const countsFor = (p: CountPlan) => ({
    ...(tallies.get(p.counter ? `model:${p.model}` : p.choice.encoding) ?? { total: 0, max: 0 }),
    schema: p.counter ? 0 : (schema.get(p.choice.encoding) ?? 0),
    tools: p.counter ? 0 : (tools.get(p.choice.encoding) ?? 0),
    images: tallies.get(`images:${p.model}`) ?? { total: 0, max: 0 },
  });
  return { cases: counted.cases, judges: counted.judges, embedders: counted.embedders, countsFor };
}

async function countCases(input: EstimateInput): Promise<CaseCounts> {
  const counter = caseCounter(input);
  for await (const list of batchesIn(input.cases)) await counter.add(list);
  return counter.finish();
}

/** A case's image tokens: known sizes, else UNKNOWN_IMAGE_SIZE (https images, unreadable files, streamed rows). */
function caseImageTokens(c: EvalCase, model: string): number {
  let n = 0;
  c.images?.forEach((_ref, i) => {
    const size = c.imageSizes?.[i] ?? UNKNOWN_IMAGE_SIZE;
    n += imageTokens(size.width, size.height, model);
  });
  return n;
}

export async function estimateRun(input: EstimateInput): Promise<RunEstimate> {
  const { prompt, pricing } = input;
  const models = input.models ?? prompt.models;
  const repeat = input.repeat ?? prompt.repeat ?? 1;
  const plans = plansFor(input);
  // Counted already as a stream was first read, or now.
  const counted = input.counted ? await input.counted.finish() : await countCases(input);
  const templateOnly = counted.cases === 0;
  const estimates: ModelEstimate[] = [];
  for (const plan of plans) {
    const { model, counter, choice } = plan;
    const counts = counted.countsFor(plan);
    const caseCount = Math.max(1, counted.cases);
    // A response_format schema is sent along and billed as input; how the API frames it is not
    // published, so its tokens are added as counted text and the estimate marked approximate.
    const inputPerCase = counts.total / caseCount + counts.schema + counts.tools + counts.images.total / caseCount;
    const requests = (templateOnly ? 1 : caseCount) * repeat;
    const history = input.outputHistory?.get(model);
    const [outputPerCase, outputBasis]: [number, OutputBasis] =
      history !== undefined ? [history, 'history'] : prompt.modelParameters.maxTokens !== undefined ? [prompt.modelParameters.maxTokens, 'maxTokens'] : [ASSUMED_OUTPUT_TOKENS, 'assumed'];
    const price = priceFor(model, pricing);
    const inputTokens = Math.round(inputPerCase * requests);
    const outputTokens = Math.round(outputPerCase * requests);
    const costUsd = costOf({ inputTokens, outputTokens, cachedInputTokens: 0 }, price);
    const batchCostUsd = costOf({ inputTokens, outputTokens, cachedInputTokens: 0 }, batchPriceFor(model, pricing));
    estimates.push({
      model,
      encoding: choice.encoding,
      tokenizer: counter ? "the model's own countTokens" : choice.encoding,
      exact: choice.exact,
      schemaTokens: counts.schema,
      toolTokens: counts.tools,
      imageTokensPerCase: Math.round(counts.images.total / caseCount),
      requests,
      inputTokens,
      inputTokensPerCase: Math.round(inputPerCase),
      outputTokens,
      outputTokensPerCase: Math.round(outputPerCase),
      outputBasis,
      costUsd,
      costPerCase: costUsd === null ? null : costUsd / requests,
      batchCostUsd,
      ...(input.priceNotes?.[model] ? { priceNote: input.priceNotes[model] } : {}),
      contextWindow: price?.contextWindow,
      maxInputTokens: counts.max + counts.schema + counts.tools + counts.images.max,
    });
  }
  const judges = prompt.evaluators.filter(callsModel).length;
  const embedders = prompt.evaluators.filter(embeds).length;
  const requests = estimates.reduce((s, e) => s + e.requests, 0);
  return {
    cases: counted.cases,
    repeat,
    templateOnly,
    models: estimates,
    requests,
    inputTokens: estimates.reduce((s, e) => s + e.inputTokens, 0),
    outputTokens: estimates.reduce((s, e) => s + e.outputTokens, 0),
    costUsd: estimates.reduce((s, e) => s + (e.costUsd ?? 0), 0),
    costIncomplete: estimates.some((e) => e.costUsd === null),
    batchCostUsd: estimates.reduce((s, e) => s + (e.batchCostUsd ?? 0), 0),
    batchCostIncomplete: estimates.some((e) => e.batchCostUsd === null),
    judgeRequests: templateOnly ? 0 : (judges * counted.cases + counted.judges) * models.length * repeat,
    embedRequests: templateOnly ? 0 : (embedders * counted.cases + counted.embedders) * models.length * repeat,
  };
}
