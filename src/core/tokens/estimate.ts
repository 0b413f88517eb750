import type { PromptFile } from '../prompt/parse.js';
import type { EvalCase } from '../dataset/row.js';
import type { ChatMessage } from '../providers/types.js';
import type { ProviderConfig } from '../workspace/config.js';
import { providerName } from '../modelId.js';
import { callsModel, embeds } from '../evaluators/registry.js';
import { caseMessages, renderMessages } from '../conversation/caseMessages.js';
import { imageTokens, UNKNOWN_IMAGE_SIZE } from '../conversation/imageTokens.js';
import { costOf, priceFor, type PricingTable } from './pricing.js';
import { timeSlices } from './timeSlices.js';
import { countChatsSliced, loadEncoder, tokenizerFor, type EncodingName } from './tokenizer.js';

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
  /** LLM-judge calls the run will also make (not priced: their output is short and their model may differ). */
  judgeRequests: number;
  /** Embedding requests of `similar` evaluators (not priced). */
  embedRequests: number;
}

export interface EstimateInput {
  prompt: PromptFile;
  cases: readonly EvalCase[];
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
}

async function countWith(counter: ConversationCounter, conversations: readonly ChatMessage[][]): Promise<{ total: number; max: number; schema: number }> {
  const each = await Promise.all(conversations.map((messages) => counter(messages)));
  return { total: each.reduce((a, b) => a + b, 0), max: Math.max(0, ...each), schema: 0 };
}

/** Image tokens over the cases (and the most in one case): known sizes, else UNKNOWN_IMAGE_SIZE. */
function caseImageTokens(cases: readonly EvalCase[], model: string): { total: number; max: number } {
  let total = 0;
  let max = 0;
  for (const c of cases) {
    let n = 0;
    c.images?.forEach((_ref, i) => {
      const size = c.imageSizes?.[i] ?? UNKNOWN_IMAGE_SIZE;
      n += imageTokens(size.width, size.height, model);
    });
    total += n;
    max = Math.max(max, n);
  }
  return { total, max };
}

export async function estimateRun(input: EstimateInput): Promise<RunEstimate> {
  const { prompt, pricing } = input;
  const models = input.models ?? prompt.models;
  const repeat = input.repeat ?? prompt.repeat ?? 1;
  const templateOnly = input.cases.length === 0;
  const conversations = templateOnly ? [renderMessages(prompt, {})] : input.cases.map((c) => caseMessages(prompt, c));
  const schemaText = prompt.jsonSchema ? JSON.stringify(prompt.jsonSchema.schema) : '';
  const toolsText = prompt.tools?.length ? JSON.stringify(prompt.tools) : '';
  const countsByEncoding = new Map<EncodingName, { total: number; max: number; schema: number; tools: number }>();
  const estimates: ModelEstimate[] = [];
  for (const model of models) {
    const counter = input.counters?.[model];
    const choice = counter ? { encoding: 'o200k_base' as const, exact: true } : tokenizerFor(model, input.providers?.[providerName(model)]?.tokenizer);
    let counts = counter ? { ...(await countWith(counter, conversations)), tools: 0 } : countsByEncoding.get(choice.encoding);
    if (!counts) {
      const encoder = await loadEncoder(choice.encoding);
      // Counted in time slices: a dataset with megabyte cells must not hold the extension host.
      const slices = timeSlices();
      let total = 0;
      let max = 0;
      for (const { total: n } of await countChatsSliced(conversations, encoder, slices)) {
        total += n;
        max = Math.max(max, n);
      }
      counts = {
        total,
        max,
        schema: schemaText ? await slices.run(encoder.countSteps(schemaText)) : 0,
        tools: toolsText ? await slices.run(encoder.countSteps(toolsText)) : 0,
      };
      countsByEncoding.set(choice.encoding, counts);
    }
    const caseCount = conversations.length;
    // A response_format schema is sent along and billed as input; how the API frames it is not
    // published, so its tokens are added as counted text and the estimate marked approximate.
    // Tool definitions go with every request; like the schema, their framing is unpublished, so
    // they are counted as JSON text. Images by OpenAI's tile rule (imageTokens.ts).
    const images = templateOnly ? { total: 0, max: 0 } : caseImageTokens(input.cases, model);
    const inputPerCase = counts.total / caseCount + counts.schema + counts.tools + images.total / caseCount;
    const requests = (templateOnly ? 1 : caseCount) * repeat;
    const history = input.outputHistory?.get(model);
    const [outputPerCase, outputBasis]: [number, OutputBasis] =
      history !== undefined ? [history, 'history'] : prompt.modelParameters.maxTokens !== undefined ? [prompt.modelParameters.maxTokens, 'maxTokens'] : [ASSUMED_OUTPUT_TOKENS, 'assumed'];
    const price = priceFor(model, pricing);
    const inputTokens = Math.round(inputPerCase * requests);
    const outputTokens = Math.round(outputPerCase * requests);
    const costUsd = costOf({ inputTokens, outputTokens, cachedInputTokens: 0 }, price);
    estimates.push({
      model,
      encoding: choice.encoding,
      tokenizer: counter ? "the model's own countTokens" : choice.encoding,
      exact: choice.exact,
      schemaTokens: counts.schema,
      toolTokens: counts.tools,
      imageTokensPerCase: Math.round(images.total / caseCount),
      requests,
      inputTokens,
      inputTokensPerCase: Math.round(inputPerCase),
      outputTokens,
      outputTokensPerCase: Math.round(outputPerCase),
      outputBasis,
      costUsd,
      costPerCase: costUsd === null ? null : costUsd / requests,
      ...(input.priceNotes?.[model] ? { priceNote: input.priceNotes[model] } : {}),
      contextWindow: price?.contextWindow,
      maxInputTokens: counts.max + counts.schema + counts.tools + images.max,
    });
  }
  const judges = prompt.evaluators.filter(callsModel).length;
  const perCaseJudges = input.cases.reduce((sum, c) => sum + c.evaluators.filter(callsModel).length, 0);
  const embedders = prompt.evaluators.filter(embeds).length;
  const perCaseEmbedders = input.cases.reduce((sum, c) => sum + c.evaluators.filter(embeds).length, 0);
  const requests = estimates.reduce((s, e) => s + e.requests, 0);
  return {
    cases: input.cases.length,
    repeat,
    templateOnly,
    models: estimates,
    requests,
    inputTokens: estimates.reduce((s, e) => s + e.inputTokens, 0),
    outputTokens: estimates.reduce((s, e) => s + e.outputTokens, 0),
    costUsd: estimates.reduce((s, e) => s + (e.costUsd ?? 0), 0),
    costIncomplete: estimates.some((e) => e.costUsd === null),
    judgeRequests: templateOnly ? 0 : (judges * input.cases.length + perCaseJudges) * models.length * repeat,
    embedRequests: templateOnly ? 0 : (embedders * input.cases.length + perCaseEmbedders) * models.length * repeat,
  };
}
