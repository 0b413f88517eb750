// Text for the editor (CodeLens, decorations, hovers, status bar). Money, counts and durations
// come from the one shared formatter, so a lens, a hover and a view print the same figure.

export { usd, int, plural, ms as duration } from '../shared/format.js';

export function percent(rate: number): string {
  const value = rate * 100;
  return `${value >= 10 || value === 0 ? value.toFixed(0) : value < 0.01 ? '<0.01' : value.toPrecision(2)}%`;
}

/** `openai/gpt-4o-mini` → `gpt-4o-mini`: the provider is noise in tight spaces. */
export function shortModel(model: string): string {
  const slash = model.indexOf('/');
  return slash < 0 ? model : model.slice(slash + 1);
}

export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
