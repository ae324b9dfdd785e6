/** Small numeric helpers for benchmark samples. Empty input is a bug in the caller: it throws. */

function nonEmpty(values: readonly number[], what: string): void {
  if (values.length === 0) throw new Error(`${what} of no samples`);
}

/** Ascending copy; the input is left as it is. */
export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0..100) of an ascending array. */
export function percentileOfSorted(ascending: readonly number[], p: number): number {
  nonEmpty(ascending, `p${p}`);
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(ascending.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(sorted(values), p);
}

/** Middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  nonEmpty(values, 'median');
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  const upper = s[mid] ?? Number.NaN;
  return s.length % 2 === 1 ? upper : ((s[mid - 1] ?? Number.NaN) + upper) / 2;
}

export function max(values: readonly number[]): number {
  nonEmpty(values, 'max');
  return values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
}

export function mean(values: readonly number[]): number {
  nonEmpty(values, 'mean');
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** value / baseline, or NaN when the baseline is zero or missing. */
export function ratio(value: number, baseline: number | undefined): number {
  return baseline === undefined || baseline === 0 ? Number.NaN : value / baseline;
}
