import type { ChatMessage, Usage } from '../chat.js';

export interface JudgeCall {
  model: string;
  output: string;
  usage?: Usage;
  costUsd: number | null;
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
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; error: string };

export interface CaseMetrics {
  costUsd: number | null;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
}

export interface JudgeRequest {
  model: string;
  messages: ChatMessage[];
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
}
