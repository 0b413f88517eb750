import type { PreparedPrompt } from '../prepare.js';
import { estimateRun, type ConversationCounter, type EstimateInput, type RunEstimate } from '../tokens/estimate.js';
import { pricingWith } from '../tokens/pricing.js';
import { outputHistoryOf } from './records.js';
import type { WorkspaceSession } from './session.js';

export interface SessionEstimateOptions {
  models?: readonly string[];
  repeat?: number;
  /** Models that count their own tokens (VS Code's language models). */
  counters?: Readonly<Record<string, ConversationCounter>>;
  /** Mean output tokens per model; read from the session's records when not given. */
  outputHistory?: ReadonlyMap<string, number>;
  /** Per model, what its price stands for (GitHub Models). */
  priceNotes?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
}

/** The token and cost estimate of a prepared prompt, with the session's prices and past runs. */
export async function estimatePrepared(
  session: WorkspaceSession,
  prepared: Pick<PreparedPrompt, 'parsed'> & { cases: EstimateInput['cases'] },
  options: SessionEstimateOptions = {},
): Promise<RunEstimate | undefined> {
  const prompt = prepared.parsed.prompt;
  if (!prompt) return undefined;
  return estimateRun({
    prompt,
    cases: prepared.cases,
    models: options.models,
    repeat: options.repeat,
    pricing: pricingWith(session.config.pricing),
    providers: session.config.providers,
    outputHistory: options.outputHistory ?? (await outputHistoryOf(session, prepared.parsed.file).catch(() => new Map<string, number>())),
    counters: options.counters,
    priceNotes: options.priceNotes,
    signal: options.signal,
  });
}
