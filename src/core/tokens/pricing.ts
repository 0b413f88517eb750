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
}

export interface PricingTable {
  source: string;
  asOf: string;
  models: Record<string, Price>;
}

export const BUNDLED_PRICING: PricingTable = bundled;

export function pricingWith(overrides: Record<string, PriceOverride> | undefined): PricingTable {
  if (!overrides) return BUNDLED_PRICING;
  return { ...BUNDLED_PRICING, models: { ...BUNDLED_PRICING.models, ...overrides } };
}

/** Looks a model up as written, then without a dated snapshot suffix (gpt-4o-2024-08-06 → gpt-4o). */
export function priceFor(model: string, table: PricingTable): Price | undefined {
  const exact = table.models[model];
  if (exact) return exact;
  const undated = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return table.models[undated];
}

export function costOf(usage: Usage, price: Price | undefined): number | null {
  if (!price) return null;
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const cachedPrice = price.cachedInput ?? price.input;
  return ((usage.inputTokens - cached) * price.input + cached * cachedPrice + usage.outputTokens * price.output) / 1_000_000;
}
