/** Bench knobs read from the environment by run.ts. */
export interface BenchSettings {
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  readonly rounds: number;
  readonly coldStartRuns: number;
  /** Template server entry, relative to template/ (production build unless overridden). */
  readonly templateEntry: string;
  /** Where the report is written, relative to the repository root. */
  readonly reportPath: string;
}

export const DEFAULT_TEMPLATE_ENTRY = 'server/dist/index.js';

function positiveInteger(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new Error(`${name} must be a whole number ≥ 1 (got "${raw}")`);
  }
  return Number(raw);
}

/**
 * BENCH_DURATION (s, default 10) sets each measured load round; BENCH_ROUNDS (default 3) how
 * many rounds per server; the warm-up before them is a third of a round, 1–3 s (BENCH_WARMUP). BENCH_COLD_RUNS (default 5) sets cold starts per
 * server. BENCH_TEMPLATE_ENTRY and BENCH_REPORT exist for development of the harness itself.
 */
export function loadSettings(env: Readonly<Record<string, string | undefined>>): BenchSettings {
  const durationSeconds = positiveInteger(env, 'BENCH_DURATION', 10);
  return Object.freeze({
    durationSeconds,
    warmupSeconds: positiveInteger(
      env,
      'BENCH_WARMUP',
      Math.min(3, Math.max(1, Math.round(durationSeconds / 3))),
    ),
    rounds: positiveInteger(env, 'BENCH_ROUNDS', 3),
    coldStartRuns: positiveInteger(env, 'BENCH_COLD_RUNS', 5),
    templateEntry: env['BENCH_TEMPLATE_ENTRY']?.trim() || DEFAULT_TEMPLATE_ENTRY,
    reportPath: env['BENCH_REPORT']?.trim() || 'docs/benchmarks.md',
  });
}
