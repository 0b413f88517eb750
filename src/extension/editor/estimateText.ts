import type { RunEstimate } from '../../core/tokens/estimate.js';
import { int, plural, shortModel, usd } from '../format.js';

// What an estimate says in the CodeLens ("Estimate: 1,240 tokens/case · ~$0.004 per run") and,
// in full, in the Estimate Cost message.

/** Approximate when some model's tokenizer is unknown or a response schema was counted as text. */
export function isApproximate(e: RunEstimate): boolean {
  return e.models.some((m) => !m.exact || m.schemaTokens > 0);
}

export function tokensPerCase(e: RunEstimate): number {
  return e.requests ? (e.inputTokens + e.outputTokens) / e.requests : 0;
}

export function costText(e: RunEstimate): string {
  const known = e.models.some((m) => m.costUsd !== null);
  if (!known) return 'cost unknown';
  const batch = e.models.some((m) => m.batchCostUsd !== null) ? ` (batch ${e.batchCostIncomplete ? '≥' : '~'}${usd(e.batchCostUsd)})` : '';
  return `${e.costIncomplete ? '≥' : '~'}${usd(e.costUsd)} per run${batch}`;
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

/** One line per model and the notes that qualify the numbers. */
export function estimateDetail(e: RunEstimate, pricing: { source: string; asOf: string }): string {
  const lines = e.models.map((m) => {
    const approx = !m.exact || m.schemaTokens ? '≈' : '';
    return `${m.model}: ${approx}${int(m.inputTokensPerCase)} in + ${int(m.outputTokensPerCase)} out tokens/case (output ${BASIS[m.outputBasis]}), ${plural(m.requests, 'request')}, ${usd(m.costUsd)}${m.costPerCase !== null ? ` (${usd(m.costPerCase)}/case)` : ''}${m.batchCostUsd !== null ? `, ${usd(m.batchCostUsd)} as a batch` : ''}`;
  });
  const notes: string[] = [];
  if (e.templateOnly) notes.push('No test data: the template was counted once with its {{placeholders}} unfilled.');
  if (e.models.some((m) => !m.exact)) notes.push('≈ the model’s tokenizer is unknown, so o200k_base stands in.');
  const schema = e.models.find((m) => m.schemaTokens)?.schemaTokens;
  if (schema) notes.push(`≈ includes ${int(schema)} tokens for the response JSON Schema, counted as text.`);
  if (e.costIncomplete) notes.push('n/a: no price known for that model; the total leaves it out.');
  if (e.judgeRequests) notes.push(`Plus ${plural(e.judgeRequests, 'LLM-judge request')}, not priced above.`);
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
  return `${plural(e.cases, 'case')}${repeats} × ${plural(e.models.length, 'model')}: ${int(e.inputTokens)} input + ${int(e.outputTokens)} output tokens, ${costText(e)}`;
}
