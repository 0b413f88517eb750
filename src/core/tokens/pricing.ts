import bundled from '../../../data/pricing.json' with { type: 'json' };
import type { PriceOverride } from '../workspace/config.js';
import type { Usage } from '../providers/types.js';

// Prices are data (data/pricing.json, with its source and date); the workspace config overrides them.

export interface Price {
  /** USD per million tokens. */
  input: number;
  output: number;
  cachedInput?: number;
  contextWindow?: number;
  /** The same model through the provider's batch API (`eval --batch`), when known. */
  batch?: { input: number; output: number; cachedInput?: number };
}

export interface PricingTable {
  source: string;
  asOf: string;
  /** Where the batch prices come from, and when. */
  batchSource?: string;
  batchAsOf?: string;
  models: Record<string, Price>;
}

/** Standard requests, or the provider's batch API (about half price, answers within 24 hours). */
export type PriceTier = 'standard' | 'batch';

export const BUNDLED_PRICING: PricingTable = bundled;

export function pricingWith(overrides: Record<string, PriceOverride> | undefined): PricingTable {
  if (!overrides) return BUNDLED_PRICING;
  return { ...BUNDLED_PRICING, models: { ...BUNDLED_PRICING.models, ...overrides } };
}

/**
 * Looks a model up as written, then without a dated snapshot suffix (gpt-4o-2024-08-06 → gpt-4o),
 * then without GitHub Models' `github:` routing prefix (github:openai/gpt-4.1 → openai/gpt-4.1).
 */
export function priceFor(model: string, table: PricingTable): Price | undefined {
  const exact = table.models[model];
  if (exact) return exact;
  const undated = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  if (table.models[undated]) return table.models[undated];
  return model.startsWith('github:') ? priceFor(model.slice('github:'.length), table) : undefined;
}

/**
 * GitHub Models is free within its rate limits and bills paid use in its own units, which are not
 * published as per-model prices here. A model it serves that we price (openai/…) is estimated at
 * OpenAI's list price, labelled as an upper bound; the others have no price (n/a, never $0).
 */
export const GITHUB_PRICE_NOTE = "OpenAI's list price as an upper bound – on GitHub Models it is free within the rate limits, paid use is billed by GitHub";

/** The note for a model that runs on GitHub Models, when it has a price at all. */
export function githubPriceNote(model: string, table: PricingTable): string | undefined {
  return priceFor(model, table) ? GITHUB_PRICE_NOTE : undefined;
}

export function costOf(usage: Usage, price: Price | undefined): number | null {
  if (!price) return null;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const cachedPrice = price.cachedInput ?? price.input;
  return ((usage.inputTokens - cached) * price.input + cached * cachedPrice + usage.outputTokens * price.output) / 1_000_000;
}

/** A model's batch price as a Price (its context window kept), when the table knows one. */
export function batchPriceFor(model: string, table: PricingTable): Price | undefined {
  const price = priceFor(model, table);
  return price?.batch ? { ...price.batch, contextWindow: price.contextWindow } : undefined;
}

/** The price of a tier: batch answers are costed at the batch price, and have none when it is unknown. */
export function tierPriceFor(model: string, table: PricingTable, tier: PriceTier = 'standard'): Price | undefined {
  return tier === 'batch' ? batchPriceFor(model, table) : priceFor(model, table);
}
