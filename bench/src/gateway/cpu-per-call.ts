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

/** `pid` and every process below it (a node:cluster primary's workers, nginx's workers). */
export async function processTree(pid: number): Promise<number[]> {
  const tree = [pid];
  // Gone, or a kernel without the children file: the process alone.
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  for (const child of children.split(' ').filter((c) => c !== '')) {
    tree.push(...(await processTree(Number(child))));
  }
  return tree;
}

/** User + system CPU ms of the processes so far; one that has exited counts 0. */
async function cpuMsOfAll(pids: readonly number[]): Promise<Map<number, number>> {
  const spent = new Map<number, number>();
  for (const pid of pids) spent.set(pid, await cpuMs(pid).catch(() => 0));
  return spent;
}

/** Busy and total jiffies of all cores so far (the `cpu` line of /proc/stat). */
async function machineJiffies(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  // idle + iowait are the only fields that are not work.
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

export interface CpuPerCall {
  /** Median over the rounds, µs of the charged process's CPU per completed request. */
  readonly medianUs: number;
  readonly roundsUs: readonly number[];
  /** Share (0–100) of all cores' time the machine was busy during each round, by anyone. */
  readonly machineBusyPercent: readonly number[];
}

/** One load to charge a process for: GETs, or POSTs when `body` is set. */
export interface CpuLoad {
  readonly name: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * `context.rounds` × (each load in turn, the first rotating): `seconds` of requests at
 * `connections`, the CPU time process `pids[i]` spent over load i's completed requests.
 */
export async function cpuPerRequest(
  context: BenchContext,
  charged: readonly {
    readonly pid: number;
    readonly load: CpuLoad;
    /** Charge the process and all its descendants (a primary and its workers). */
    readonly tree?: boolean;
  }[],
  connections: number,
  seconds: number,
): Promise<CpuPerCall[]> {
  const rounds: number[][] = charged.map(() => []);
  const busy: number[][] = charged.map(() => []);
  for (let round = 0; round < context.rounds; round++) {
    for (let k = 0; k < charged.length; k++) {
      const i = (round + k) % charged.length;
      const entry = charged[i];
      if (entry === undefined) continue;
      const { pid, load } = entry;
      const pids = entry.tree === true ? await processTree(pid) : [pid];
      const before = await cpuMsOfAll(pids);
      const machineBefore = await machineJiffies();
      const result = await runLoad({
        url: load.url,
        headers: load.headers,
        ...(load.body === undefined ? {} : { body: load.body }),
        connections,
        durationSeconds: seconds,
      });
      const machineAfter = await machineJiffies();
      const after = await cpuMsOfAll(pids);
      const spent = pids.reduce((sum, p) => sum + (after.get(p) ?? 0) - (before.get(p) ?? 0), 0);
      if (result.non2xx + result.errors + result.timeouts > 0 || result.completed === 0)
        throw new Error(`${load.name}: failed requests while measuring CPU per request`);
      rounds[i]?.push((spent * 1000) / result.completed);
      const total = machineAfter.total - machineBefore.total;
      busy[i]?.push(total > 0 ? (100 * (machineAfter.busy - machineBefore.busy)) / total : 0);
    }
  }
  return rounds.map((r, i) => ({
    medianUs: median(r),
    roundsUs: r,
    machineBusyPercent: busy[i] ?? [],
  }));
}

/** `cpuPerRequest` of `pid` over POSTs to each target's `/mcp` (all charged to `pid`). */
export function cpuPerCall(
  context: BenchContext,
  pid: number,
  targets: readonly LoadTarget[],
  connections: number,
  seconds: number,
): Promise<CpuPerCall[]> {
  return cpuPerRequest(
    context,
    targets.map((t) => ({ pid, load: mcpLoad(t) })),
    connections,
    seconds,
  );
}

/** The `tools/call` POST of a load target, as a CPU load. */
export const mcpLoad = ({ server, request }: LoadTarget): CpuLoad => ({
  name: server.name,
  url: `${server.origin}/mcp`,
  headers: request.headers,
  body: request.body,
});

/** `a / b / c` of per-round µs, for report notes. */
export const roundsUs = (c: CpuPerCall): string => c.roundsUs.map((v) => v.toFixed(0)).join(' / ');
