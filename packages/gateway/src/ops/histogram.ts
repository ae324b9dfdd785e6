/** Upper bounds (seconds) of the upstream latency buckets; `+Inf` is implied. */
export const LATENCY_BUCKETS: readonly number[] = Object.freeze([
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/**
 * One labelled histogram series. Observations increment a single (non-cumulative) bucket; the
 * cumulative `le` counts are summed only when rendering, so the hot path is a short scan.
 */
export class HistogramSeries {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(buckets: readonly number[]) {
    // One slot per bound plus the +Inf overflow.
    this.counts = new Float64Array(buckets.length + 1);
  }

  observe(buckets: readonly number[], value: number): void {
    let i = 0;
    while (i < buckets.length && value > (buckets[i] ?? Number.POSITIVE_INFINITY)) i++;
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.sum += value;
    this.count += 1;
  }

  /** Cumulative counts per bound, the last being +Inf (= count). */
  cumulative(): number[] {
    let running = 0;
    return Array.from(this.counts, (c) => (running += c));
  }
}
