// Small, dependency-free statistics for pass rates, latencies and paired comparisons.

/** Nearest-rank percentile of unsorted numbers (p in 0..100). */
export function percentile(values: ArrayLike<number>, p: number): number {
  return percentiles(values, [p])[0];
}

/** Nearest-rank percentiles of unsorted numbers, sorting them once (p50 and p95 of the same latencies). */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  if (values.length === 0) return ps.map(() => NaN);
  // A typed array sorts numerically, and fast: latencies of a million results are sorted here.
  const sorted = Float64Array.from(values).sort();
  return ps.map((p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]);
}

/** Wilson score interval at 95% for k successes out of n. */
export function wilson(k: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** A seeded PRNG (mulberry32) so bootstrap intervals are reproducible run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 95% percentile-bootstrap interval of the mean of per-case pass rates. Resampling whole cases
 * (not single results) respects that repeats of one case are correlated.
 */
export function bootstrapMean(values: readonly number[], iterations = 2000, seed = 1): [number, number] {
  if (values.length === 0) return [0, 1];
  const random = seededRandom(seed);
  const means: number[] = [];
  for (let i = 0; i < iterations; i++) {
    let sum = 0;
    for (let j = 0; j < values.length; j++) sum += values[Math.floor(random() * values.length)];
    means.push(sum / values.length);
  }
  return [percentile(means, 2.5), percentile(means, 97.5)];
}

/** Exact two-sided McNemar test: b = cases only A passed, c = cases only B passed. */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

// log(n!) for every n seen so far: mcnemarExact asks for up to min(b, c) of them per test, which
// summed from scratch each time is quadratic (seconds for thousands of discordant pairs).
const logFactorials: number[] = [0, 0];

function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1] + Math.log(i));
  return logFactorials[n];
}

/**
 * Two-sided paired sign-flip permutation test on per-case differences (B − A), for pass rates
 * from repeated runs where McNemar's 0/1 outcomes do not apply. Exact for ≤ 16 non-zero pairs.
 */
export function pairedPermutationTest(diffs: readonly number[], iterations = 10000, seed = 1): number {
  const nonZero = diffs.filter((d) => d !== 0);
  if (nonZero.length === 0) return 1;
  const observed = Math.abs(nonZero.reduce((a, b) => a + b, 0));
  const eps = 1e-12;
  if (nonZero.length <= 16) {
    let extreme = 0;
    const total = 2 ** nonZero.length;
    for (let mask = 0; mask < total; mask++) {
      let sum = 0;
      for (let i = 0; i < nonZero.length; i++) sum += mask & (1 << i) ? -nonZero[i] : nonZero[i];
      if (Math.abs(sum) >= observed - eps) extreme++;
    }
    return extreme / total;
  }
  const random = seededRandom(seed);
  let extreme = 0;
  for (let it = 0; it < iterations; it++) {
    let sum = 0;
    for (const d of nonZero) sum += random() < 0.5 ? -d : d;
    if (Math.abs(sum) >= observed - eps) extreme++;
  }
  return (extreme + 1) / (iterations + 1);
}
