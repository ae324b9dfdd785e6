import type { ServerCommand } from './lib/child-server.ts';

/** What every benchmark gets from run.ts (the composition root). */
export interface BenchContext {
  /** Seconds of measured load per round (env BENCH_DURATION). */
  readonly durationSeconds: number;
  /** Seconds of unmeasured load per server before its measured rounds. */
  readonly warmupSeconds: number;
  /** Measured rounds per server, alternating servers (env BENCH_ROUNDS); the median counts. */
  readonly rounds: number;
  /** Process starts per server for the cold-start benchmark (env BENCH_COLD_RUNS). */
  readonly coldStartRuns: number;
  /** The system under test: the template's production server; `port` 0 = any free port. */
  readonly template: (port: number) => ServerCommand;
  /** The baseline: a bare node:http JSON-RPC echo server, run as plain JavaScript. */
  readonly bare: (port: number) => ServerCommand;
  /** The SDK floor: the MCP SDK v2 alone (createMcpHandler + one echo tool), no app-kit. */
  readonly sdk: (port: number) => ServerCommand;
  /** The template's built widget assets (holds manifest.json). */
  readonly assetsDir: string;
  /** Progress line on the console. */
  log(message: string): void;
}

export type Unit = 'req/s' | 'evals/s' | 'handshakes/s' | 'ms' | 'µs' | 'ns' | 'kB';

/** One table row: Gatehouse value against its baseline (or reference) in the same unit. */
export interface Row {
  readonly metric: string;
  readonly unit: Unit;
  readonly value: number;
  readonly baseline?: number;
  /** The goal as written in the report (e.g. `≥ 0.5× bare`) and whether this run met it. */
  readonly goal?: { readonly text: string; readonly met: boolean };
}

export interface BenchmarkResult {
  /** Header of the baseline column, e.g. `bare node:http`. */
  readonly baselineLabel: string;
  readonly rows: readonly Row[];
  /** Method notes printed under the table. */
  readonly notes: readonly string[];
}

/** One benchmark = one file in benchmarks/, listed in run.ts. */
export interface Benchmark {
  readonly id: string;
  readonly title: string;
  run(context: BenchContext): Promise<BenchmarkResult>;
}
