import type { RunEstimate } from '../../core/index.js';
import { int, plural, usd } from './format.js';

// The LLM-judge side of `estimate`: one table row per judge model, under the prompt's models, and
// a title whose token totals say what they include (src/shared/estimateTotals.ts).

const JUDGE_BASIS = { history: 'past runs', assumed: 'assumed' } as const;

/** Rows in the estimate table's columns (model, tokenizer, input/case, output/case, requests, input, output, cost, cost/case). */
export function judgeRows(e: RunEstimate): string[][] {
  return (e.judges?.models ?? []).map((j) => [
    `judge ${j.model}`,
    `${j.encoding}${j.exact ? '' : ' ≈'}`,
    `≈${int(j.inputTokensPerRequest)}`,
    `${int(j.outputTokensPerRequest)} (${JUDGE_BASIS[j.outputBasis]})`,
    int(j.requests),
    int(j.inputTokens),
    int(j.outputTokens),
    usd(j.costUsd),
    usd(j.costUsd === null || !j.requests ? null : j.costUsd / j.requests),
  ]);
}

/** What the judge rows stand for, and the price notes of judge models. */
export function judgeNotes(e: RunEstimate): string[] {
  const judges = e.judges;
  if (!judges?.models.length) return [];
  const notes = [
    `judge rows: ${plural(judges.requests, 'LLM-judge request')}, each judge prompt rendered per case with the expected answer's tokens in it (≈), per request; cost/case is per request.`,
  ];
  if (judges.costIncomplete) notes.push('n/a judge: no price known for that judge model; total excludes it.');
  for (const j of judges.models) if (j.priceNote) notes.push(`${j.model} (judge) runs on GitHub Models: cost at ${j.priceNote}.`);
  return notes;
}
