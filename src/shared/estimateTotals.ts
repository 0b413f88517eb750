import type { RunEstimate } from '../core/tokens/estimate.js';
import { estimateTotals } from '../core/tokens/estimateTotals.js';
import { int, usd } from './format.js';

// An estimate's token totals in words that say what they include, for the CLI and the editor alike.

/** "1,240 input + 512 output tokens (prompt 1,000 + 400, judges 240 + 112)"; no split without judges. */
export function tokenTotalsText(e: RunEstimate): string {
  const t = estimateTotals(e);
  const split = e.judges?.requests ? ` (prompt ${int(e.inputTokens)} + ${int(e.outputTokens)}, judges ${int(e.judges.inputTokens)} + ${int(e.judges.outputTokens)})` : '';
  return `${int(t.inputTokens)} input + ${int(t.outputTokens)} output tokens${split}`;
}

/** "1,240 input + 512 output tokens (prompt …, judges …), ~$0.0021": the run's expected bill in all. */
export function totalsText(e: RunEstimate): string {
  const t = estimateTotals(e);
  return `${tokenTotalsText(e)}, ${usd(t.costUsd, t.costIncomplete)}`;
}
