// Number formatting for editor text (CodeLens, decorations, hovers, status bar): short, and the
// same everywhere so a figure in a lens reads like the same figure in a hover.

export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  if (value === 0) return '$0';
  // Below a millionth of a dollar JavaScript switches to exponent notation; nobody needs the digits.
  if (value < 0.000001) return '<$0.000001';
  if (value < 0.01) return `$${Number(value.toPrecision(2))}`;
  return `$${value.toFixed(value < 1 ? 3 : 2)}`;
}

export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function duration(valueMs: number | null | undefined): string {
  if (valueMs === null || valueMs === undefined || Number.isNaN(valueMs)) return 'n/a';
  return valueMs >= 10_000 ? `${(valueMs / 1000).toFixed(1)} s` : `${Math.round(valueMs)} ms`;
}

export function percent(rate: number): string {
  const value = rate * 100;
  return `${value >= 10 || value === 0 ? value.toFixed(0) : value < 0.01 ? '<0.01' : value.toPrecision(2)}%`;
}

/** "1 case", "6 cases". */
export function plural(count: number, noun: string): string {
  return `${int(count)} ${noun}${count === 1 ? '' : 's'}`;
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
