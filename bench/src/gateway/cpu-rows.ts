import type { BenchContext, Row } from '../benchmark.ts';
import { cpuPerRequest, roundsUs, type CpuLoad } from './cpu-per-call.ts';

/** Seconds per CPU-per-request round (c=50). */
export const CPU_ROUND_SECONDS = 5;
const CONNECTIONS = 50;

/** Who is charged for which load: the gateway for the proxied one, the upstream for its own. */
export interface CpuComparison {
  readonly gateway: { readonly pid: number; readonly load: CpuLoad };
  readonly direct: { readonly pid: number; readonly load: CpuLoad };
  /** `GET`, `call`: what one request is, in the row's words. */
  readonly what: string;
}

/**
 * The gateway process's CPU time per request at c=50 against the upstream's own CPU time per
 * request when reached directly, in alternating rounds: req/s on a machine shared with other
 * work moves with their load, a process's CPU time per request hardly does, so this is the
 * measure to compare runs by (issue 18).
 */
export async function cpuRows(
  context: BenchContext,
  c: CpuComparison,
): Promise<{ rows: Row[]; notes: string[] }> {
  context.log(`  CPU per ${c.what}, c=${CONNECTIONS}`);
  const [ours, direct] = await cpuPerRequest(
    context,
    [c.gateway, c.direct],
    CONNECTIONS,
    CPU_ROUND_SECONDS,
  );
  if (ours === undefined || direct === undefined) throw new Error('CPU per request not measured');
  return {
    rows: [
      {
        metric: `gateway CPU per ${c.what}, c=${CONNECTIONS}`,
        unit: 'µs',
        value: ours.medianUs,
        baseline: direct.medianUs,
      },
    ],
    notes: [
      `CPU per ${c.what} (µs of user + system time from /proc/<pid>/stat over ` +
        `${CPU_ROUND_SECONDS} s of c=${CONNECTIONS} per round, alternating): the gateway process ` +
        `for ${c.gateway.load.name} ${roundsUs(ours)}; the upstream process for its own ` +
        `${c.direct.load.name} ${roundsUs(direct)} (the baseline column; the upstream's work ` +
        'behind the gateway is not charged to the gateway). Other processes slow a round but add ' +
        'no CPU time to the measured one, so on a shared machine this is the steadier figure.',
    ],
  };
}
