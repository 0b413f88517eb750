import type { RunEstimate } from '../../core/tokens/estimate.js';
import { estimateTotals } from '../../core/tokens/estimateTotals.js';
import { tokenTotalsText } from '../../shared/estimateTotals.js';
import { int, plural, shortModel, usd } from '../format.js';

// What an estimate says in the CodeLens ("Estimate: 1,240 tokens/case · ~$0.004 per run") and,
// in full, in the Estimate Cost message. The cost is the whole bill: the prompt's requests and
// its LLM judges', the judges' share named apart.

/** Approximate when some model's tokenizer is unknown or a response schema was counted as text. */
export function isApproximate(e: RunEstimate): boolean {
  return e.models.some((m) => !m.exact || m.schemaTokens > 0 || m.toolTokens > 0 || m.imageTokensPerCase > 0);
}

export function tokensPerCase(e: RunEstimate): number {
  return e.requests ? (e.inputTokens + e.outputTokens) / e.requests : 0;
}

/** "~$0.0084 per run (judges $0.0072; batch ~$0.0078)": the prompt's and its judges' requests together, and as a batch. */
export function costText(e: RunEstimate): string {
  const judges = e.judges?.models ?? [];
  const known = [...e.models, ...judges].some((m) => m.costUsd !== null);
  if (!known) return 'cost unknown';
  const total = estimateTotals(e);
  const parts = judges.length ? [`judges ${usd(e.judges?.costUsd, e.judges?.costIncomplete)}`] : [];
  // As a batch the prompt's requests cost the batch price; judges are counted at the live price (--batch-judges live is the cautious case).
  const batchTotal = e.batchCostUsd + (e.judges?.costUsd ?? 0);
  if (e.models.some((m) => m.batchCostUsd !== null)) parts.push(`batch ${e.batchCostIncomplete || e.judges?.costIncomplete ? '≥' : '~'}${usd(batchTotal)}`);
  return `${total.costIncomplete ? '≥' : '~'}${usd(total.costUsd)} per run${parts.length ? ` (${parts.join('; ')})` : ''}`;
}

export function estimateTitle(e: RunEstimate): string {
  const unit = e.templateOnly ? 'tokens/request (template only)' : 'tokens/case';
  const parts = [`Estimate: ${isApproximate(e) ? '≈' : ''}${int(tokensPerCase(e))} ${unit}`, costText(e)];
  const over = overContext(e);
  if (over.length) parts.push(`⚠ over ${over.map(shortModel).join(', ')} context window`);
  return parts.join(' · ');
}

/** Models whose largest request does not fit their context window. */
export function overContext(e: RunEstimate): string[] {
  return e.models.filter((m) => m.contextWindow && m.maxInputTokens > m.contextWindow).map((m) => m.model);
}

const BASIS = { history: 'from past runs', maxTokens: 'maxTokens, a ceiling', assumed: 'assumed' } as const;

/** One line per judge model: its requests, tokens per request and cost. */
function judgeLines(e: RunEstimate): string[] {
  return (e.judges?.models ?? []).map(
    (j) =>
      `judge ${j.model}: ≈${int(j.inputTokensPerRequest)} in + ${int(j.outputTokensPerRequest)} out tokens/request (output ${BASIS[j.outputBasis]}), ${plural(j.requests, 'request')}, ${usd(j.costUsd)}`,
  );
}

/** One line per model and the notes that qualify the numbers. */
export function estimateDetail(e: RunEstimate, pricing: { source: string; asOf: string }): string {
  const modelLines = e.models.map((m) => {
    const approx = !m.exact || m.schemaTokens || m.toolTokens || m.imageTokensPerCase ? '≈' : '';
    return `${m.model}: ${approx}${int(m.inputTokensPerCase)} in + ${int(m.outputTokensPerCase)} out tokens/case (output ${BASIS[m.outputBasis]}), ${plural(m.requests, 'request')}, ${usd(m.costUsd)}${m.costPerCase !== null ? ` (${usd(m.costPerCase)}/case)` : ''}${m.batchCostUsd !== null ? `, ${usd(m.batchCostUsd)} as a batch` : ''}`;
  });
  const lines = [...modelLines, ...judgeLines(e)];
  const notes: string[] = [];
  if (e.templateOnly) notes.push('No test data: the template was counted once with its {{placeholders}} unfilled.');
  if (e.models.some((m) => !m.exact)) notes.push('≈ the model’s tokenizer is unknown, so o200k_base stands in.');
  const schema = e.models.find((m) => m.schemaTokens)?.schemaTokens;
  if (schema) notes.push(`≈ includes ${int(schema)} tokens for the response JSON Schema, counted as text.`);
  const tools = e.models.find((m) => m.toolTokens)?.toolTokens;
  if (tools) notes.push(`≈ includes ${int(tools)} tokens per request for the tool definitions, counted as JSON text; a tool loop makes more requests.`);
  if (e.models.some((m) => m.imageTokensPerCase)) notes.push('≈ images counted by OpenAI’s published tile rule (85 + 170 per 512-px tile; gpt-4o-mini 2833 + 5667).');
  if (estimateTotals(e).costIncomplete) notes.push('n/a: no price known for that model; the total leaves it out.');
  if (e.judges?.requests)
    notes.push(
      `Judges: ${plural(e.judges.requests, 'LLM-judge request')}, each judge prompt rendered per case with the expected answer’s tokens in place of the answer (≈), on the judge model at its price.`,
    );
  if (e.embedRequests) notes.push(`Plus ${plural(e.embedRequests, 'embedding request')}, not priced above.`);
  for (const m of e.models) {
    if (m.contextWindow && m.maxInputTokens > m.contextWindow)
      notes.push(`${m.model}: the largest case needs ${int(m.maxInputTokens)} input tokens, over its ${int(m.contextWindow)}-token context window.`);
  }
  notes.push(`Prices: ${pricing.source}, as of ${pricing.asOf}.`);
  if (e.models.some((m) => m.batchCostUsd !== null)) notes.push('As a batch: the same requests through the provider’s batch API (Run Eval as Batch), about half price, answered within 24 hours.');
  return [...lines, '', ...notes].join('\n');
}

export function estimateSummary(e: RunEstimate): string {
  const repeats = e.repeat > 1 ? ` × ${e.repeat} repeats` : '';
  return `${plural(e.cases, 'case')}${repeats} × ${plural(e.models.length, 'model')}: ${tokenTotalsText(e)}, ${costText(e)}`;
}
