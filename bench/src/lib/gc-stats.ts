import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** `node` arguments that preload the SIGWINCH garbage-collection counter (gc-stats-hook.ts). */
export const GC_STATS_ARGS: readonly string[] = [
  '--import',
  path.join(import.meta.dirname, 'gc-stats-hook.ts'),
];
/** The env var that tells the hook where to write its totals. */
export const GC_STATS_ENV = 'BENCH_GC_STATS_OUT';

export interface GcStats {
  /** Young-generation collections so far. */
  readonly minor: number;
  /** Every other collection (mark-compact, incremental steps, weak callbacks). */
  readonly major: number;
  /** Milliseconds spent in all of them. */
  readonly ms: number;
  /** One semi-space of the young generation now, in MiB. */
  readonly semiSpaceMB: number;
}

const WAIT_MS = 10_000;

/** Asks process `pid` for its totals (SIGWINCH) and reads the file it writes. */
export async function gcStats(pid: number, file: string): Promise<GcStats> {
  const asked = Date.now();
  process.kill(pid, 'SIGWINCH');
  for (const deadline = asked + WAIT_MS; Date.now() < deadline; await sleep(20)) {
    try {
      const stats = JSON.parse(await readFile(file, 'utf8')) as GcStats & { at: number };
      if (stats.at >= asked) return stats;
    } catch {
      // Not written yet.
    }
  }
  throw new Error(`process ${pid} wrote no GC totals to ${file} within ${WAIT_MS} ms`);
}
