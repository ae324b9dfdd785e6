import type { Benchmark, BenchmarkResult } from './benchmark.ts';

/** A benchmark's result, or the error that stopped it (which fails the run). */
export type Outcome =
  | { readonly benchmark: Benchmark; readonly result: BenchmarkResult; readonly seconds: number }
  | { readonly benchmark: Benchmark; readonly error: Error; readonly seconds: number };
