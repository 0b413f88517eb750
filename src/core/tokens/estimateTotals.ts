import type { JudgeEstimate } from './judgeEstimate.js';

// A run's expected bill in all: the prompt's requests and its LLM judges'. A leaf with no runtime
// imports, so the editor can total an estimate without loading the core.

export interface EstimateTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  costIncomplete: boolean;
}

/** The prompt's requests and its judges' together (e is a RunEstimate): what a run is expected to cost in all. */
export function estimateTotals(e: EstimateTotals & { judges?: JudgeEstimate }): EstimateTotals {
  const j = e.judges;
  return {
    requests: e.requests + (j?.requests ?? 0),
    inputTokens: e.inputTokens + (j?.inputTokens ?? 0),
    outputTokens: e.outputTokens + (j?.outputTokens ?? 0),
    costUsd: e.costUsd + (j?.costUsd ?? 0),
    costIncomplete: e.costIncomplete || (j?.costIncomplete ?? false),
  };
}
