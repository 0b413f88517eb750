import type { Evaluator, EvaluatorKind } from '../prompt/schema.js';
import type { SchemaProblem } from './jsonSchema.js';
import type { ChatMessage, Usage } from '../providers/types.js';

export interface JudgeCall {
  model: string;
  output: string;
  usage?: Usage;
  costUsd: number | null;
  cacheHit: boolean;
  latencyMs: number;
}

export interface Verdict {
  name: string;
  kind: EvaluatorKind;
  passed: boolean;
  score?: number;
  reason: string;
  /** Where the output broke the JSON Schema (jsonSchema evaluators). */
  schemaErrors?: SchemaProblem[];
  /** The evaluator itself could not run (judge request failed, schema does not compile…). */
  evaluatorError?: boolean;
  judge?: JudgeCall;
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
  judge(request: JudgeRequest): Promise<JudgeCall>;
}

export type { Evaluator };
