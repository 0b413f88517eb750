// Number and text formatting for every surface – the views, the CSV and HTML report, the CLI's
// tables, the editor's CodeLens, hovers and status bar – so a figure reads the same everywhere.

/**
 * Money: two significant digits below a cent, four decimals below a dollar, cents above.
 * `incomplete`: some results had no known price, so the sum is a lower bound (n/a when nothing was priced).
 */
export function usd(value: number | null | undefined, incomplete = false): string {
  if (value === null || value === undefined || (incomplete && value === 0)) return 'n/a';
  return incomplete ? `≥${money(value)}` : money(value);
}

function money(value: number): string {
  if (value === 0) return '$0';
  // Below a millionth of a dollar JavaScript switches to exponent notation; nobody needs the digits.
  if (value < 0.000001) return '<$0.000001';
  if (value < 0.01) return `$${Number(value.toPrecision(2))}`;
  return `$${value.toFixed(value < 1 ? 4 : 2)}`;
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? 'n/a' : `${(rate * 100).toFixed(1)}%`;
}

/** "30.1–95.4%": the 95% interval of a pass rate. */
export function interval(bounds: readonly [number, number] | undefined): string {
  if (!bounds) return '';
  return `${(bounds[0] * 100).toFixed(1)}–${(bounds[1] * 100).toFixed(1)}%`;
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

/** "1 case", "1,000,000 cases". */
export function plural(count: number, noun: string): string {
  return `${int(count)} ${noun}${count === 1 ? '' : 's'}`;
}

export function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A p-value the way papers print it: two significant digits, "< 0.001" below that. */
export function pValue(p: number): string {
  if (p < 0.001) return '< 0.001';
  return p >= 0.995 ? '1.00' : p.toPrecision(2);
}

/** "p = 0.03" or "p < 0.001". */
export function pText(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${pValue(p)}`;
}

/** Signed percentage points, "+16.7 pts". */
export function points(delta: number | null): string {
  if (delta === null) return 'n/a';
  const value = delta * 100;
  const sign = value > 0.05 ? '+' : value < -0.05 ? '−' : '±';
  return `${sign}${Math.abs(value).toFixed(1)} pts`;
}
