import type { BenchContext } from '../benchmark.ts';
import { gcStats } from '../lib/gc-stats.ts';
import { assertNoErrors, runLoad } from '../lib/load.ts';
import { cpuMs } from './cpu-per-call.ts';

// The price of the young-generation cap (packages/cli/src/young-generation.ts), measured in the
// idle-streams benchmark on the same gateways, after their streams closed: a short load of
// proxied GETs, with the gateway's garbage collections counted in the process (gc-stats-hook).

export const GC_LOAD_CONNECTIONS = 50;

export interface GcLoad {
  readonly requestsPerSecond: number;
  readonly cpuUsPerGet: number;
  /** Microseconds of garbage collection per GET (all kinds). */
  readonly gcUsPerGet: number;
  readonly minorPer1000: number;
  /** The young generation's semi-space at the end, MiB. */
  readonly semiSpaceMB: number;
}

export async function gcUnderLoad(
  context: BenchContext,
  target: { readonly pid: number; readonly port: number; readonly host: string },
  gcFile: string,
): Promise<GcLoad> {
  const load = (durationSeconds: number) =>
    runLoad({
      url: `http://127.0.0.1:${target.port}/`,
      headers: { host: target.host },
      connections: GC_LOAD_CONNECTIONS,
      durationSeconds,
    });
  assertNoErrors(await load(context.warmupSeconds), 'GC load warm-up');
  const before = await gcStats(target.pid, gcFile);
  const cpuBefore = await cpuMs(target.pid);
  const result = await load(context.durationSeconds);
  const cpuAfter = await cpuMs(target.pid);
  const after = await gcStats(target.pid, gcFile);
  assertNoErrors(result, 'GC load');
  const gets = result.completed;
  return {
    requestsPerSecond: result.requestsPerSecond,
    cpuUsPerGet: ((cpuAfter - cpuBefore) * 1000) / gets,
    gcUsPerGet: ((after.ms - before.ms) * 1000) / gets,
    minorPer1000: ((after.minor - before.minor) * 1000) / gets,
    semiSpaceMB: after.semiSpaceMB,
  };
}
