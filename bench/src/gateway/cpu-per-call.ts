import { readFile } from 'node:fs/promises';
import type { BenchContext } from '../benchmark.ts';
import { runLoad } from '../lib/load.ts';
import { median } from '../lib/stats.ts';
import type { LoadTarget } from '../throughput.ts';

// CPU time one process spends per request, from /proc: less sensitive to a loaded machine than
// req/s (other developers' work slows every round, but does not add to this process's CPU).

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (sysconf(_SC_CLK_TCK)). */
const TICKS_PER_SECOND = 100;

/** User + system CPU ms of a process so far (fields 14 and 15 of /proc/<pid>/stat). */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`bad /proc/${pid}/stat`);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

export interface CpuPerCall {
  /** Median over the rounds, µs of the process's CPU per completed request. */
  readonly medianUs: number;
  readonly roundsUs: readonly number[];
}

/**
 * `context.rounds` × (each target in turn, the first rotating): `seconds` of POSTs to `/mcp` at
 * `connections`, the process's CPU time over the completed requests.
 */
export async function cpuPerCall(
  context: BenchContext,
  pid: number,
  targets: readonly LoadTarget[],
  connections: number,
  seconds: number,
): Promise<CpuPerCall[]> {
  const rounds: number[][] = targets.map(() => []);
  for (let round = 0; round < context.rounds; round++) {
    for (let k = 0; k < targets.length; k++) {
      const i = (round + k) % targets.length;
      const target = targets[i];
      if (target === undefined) continue;
      const before = await cpuMs(pid);
      const result = await runLoad({
        url: `${target.server.origin}/mcp`,
        headers: target.request.headers,
        body: target.request.body,
        connections,
        durationSeconds: seconds,
      });
      const spent = (await cpuMs(pid)) - before;
      if (result.non2xx + result.errors + result.timeouts > 0 || result.completed === 0)
        throw new Error(`${target.server.name}: failed requests while measuring CPU per call`);
      rounds[i]?.push((spent * 1000) / result.completed);
    }
  }
  return rounds.map((r) => ({ medianUs: median(r), roundsUs: r }));
}
