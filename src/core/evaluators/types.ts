import type { ChatMessage, Usage } from '../chat.js';
import type { ToolCallStep } from '../tools/trajectory.js';

export interface JudgeCall {
  model: string;
  output: string;
  usage?: Usage;
  costUsd: number | null;
  /** On a cache hit (costUsd 0): what the reply cost when it was produced. */
  cachedCostUsd?: number | null;
  cacheHit: boolean;
  latencyMs: number;
}

/** Where the output broke the JSON Schema. */
export interface SchemaProblem {
  /** JSON path of the offending value, like `$.characteristics[2]`. */
  path: string;
  message: string;
}

/** What one evaluator concluded about one output. */
export interface Outcome {
  passed: boolean;
  score?: number;
  reason: string;
  /** Where the output broke the JSON Schema (jsonSchema evaluators). */
  schemaErrors?: SchemaProblem[];
  /** The evaluator itself could not run (judge request failed, schema does not compile…). */
  evaluatorError?: boolean;
  judge?: JudgeCall;
  /** The judge's reply reads differently under gh models' rule: both readings (null: no choice). */
  ambiguity?: { chosen: string | null; gh: string | null };
}

export interface Verdict extends Outcome {
  name: string;
  /** The evaluator's kind key (`string`, `llm`, `regex`…; see evaluators/registry.ts). */
  kind: string;
  /** The evaluator's `weight` in the case's score, when it sets one (default 1). */
  weight?: number;
  /** The named metric the evaluator's score counts towards (`metric:`), averaged in run summaries. */
  metric?: string;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: string };

export interface CaseMetrics {
  costUsd: number | null;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  /** Streamed requests: time to the first token of the case's first request. */
  ttftMs?: number;
}

export interface JudgeRequest {
  model: string;
  messages: ChatMessage[];
}

export interface EmbedRequest {
  model: string;
  /** Texts embedded in one request; the reply has one vector per text, in order. */
  input: string[];
}

export interface EmbedCall {
  model: string;
  vectors: number[][];
  inputTokens?: number;
  cacheHit: boolean;
  latencyMs: number;
}

/**
 * Present only when code evaluators may run (a trusted workspace in the editor, --allow-code in the
 * CLI): where their modules are looked up and which folder they must stay inside.
 */
export interface CodeAccess {
  /** Absolute path of the prompt file; module paths are relative to its folder. */
  promptFile: string;
  /** Modules outside it are refused unless allowOutsideWorkspace. */
  boundary: string;
  allowOutsideWorkspace?: boolean;
}

export interface EvalContext {
  /** The model's answer, trimmed the way gh models trims it. */
  output: string;
  json: ParsedJson;
  /** The case's variables (including `expected`), used to template evaluator parameters. */
  vars: Readonly<Record<string, unknown>>;
  /** The prompt's output schema (`jsonSchema.schema`), when it declares one. */
  outputSchema?: unknown;
  metrics: CaseMetrics;
  /** Default model for LLM judges that name none. */
  judgeModel: string;
  /** How a judge's reply picks a choice (`workbench.judgeParsing`); default "workbench". */
  judgeParsing?: 'workbench' | 'gh';
  judge(request: JudgeRequest): Promise<JudgeCall>;
  /** The API's `message.refusal`, when the model refused through that field rather than in the text. */
  refusal?: string;
  /** Prompts with tools: every function call the model made over the case's turns, in order. */
  toolCalls?: readonly ToolCallStep[];
  /** The final answer's `finish_reason` (`stop`, `length`, `tool_calls`, `content_filter`…). */
  finishReason?: string;
  /** The canary token the runner put into this case's system prompt (`canary` evaluators). */
  canary?: string;
  /** Embeddings through the provider's `/embeddings` endpoint, cached like chat requests (`similar`). */
  embed?(request: EmbedRequest): Promise<EmbedCall>;
  /** Set only when code evaluators are allowed to run (see CodeAccess). */
  code?: CodeAccess;
}
