import type { BenchContext } from '../benchmark.ts';
import type { GetTarget } from '../gateway/compare-gets.ts';
import { assertNoErrors, runLoad } from '../lib/load.ts';
import { median } from '../lib/stats.ts';
import { cpuMs } from '../tls/cpu-time.ts';
import { timeDownload } from './download.ts';
import { processTree } from './process-tree.ts';
import { DOWNLOAD_BYTES } from './upstream-server.ts';

// CPU time the server side of a tunnel spends per request and per MB, from /proc/<pid>/stat
// (user + system). Unlike req/s it barely moves with the other developers' load on the machine:
// their work slows every round but is not charged to our process or to sshd's.

/** A tunnel's server side: the target the load goes to and the processes charged for it. */
export interface CpuSubject {
  readonly target: GetTarget;
  /** The processes to sum now (sshd forks per connection, so its tree is listed each time). */
  pids(): Promise<readonly number[]>;
}

/** Median over rounds and every round, in ms of server CPU per unit. */
export interface CpuFigure {
  readonly median: number;
  readonly rounds: readonly number[];
}

/** User + system ms summed over the subject's processes; one that just ended counts 0. */
async function subjectCpuMs(subject: CpuSubject): Promise<number> {
  let total = 0;
  for (const pid of await subject.pids()) total += await cpuMs(pid).catch(() => 0);
  return total;
}

/** `work` between two CPU readings of the subject; returns the ms spent and work's result. */
async function charged<T>(
  subject: CpuSubject,
  work: () => Promise<T>,
): Promise<{ ms: number; result: T }> {
  const before = await subjectCpuMs(subject);
  const result = await work();
  return { ms: (await subjectCpuMs(subject)) - before, result };
}

/** Every subject once per round, the first rotating; `unit` turns one run into ms per unit. */
async function rounds(
  context: BenchContext,
  subjects: readonly CpuSubject[],
  run: (s: CpuSubject) => Promise<{ ms: number; units: number }>,
  label: string,
): Promise<CpuFigure[]> {
  const all: number[][] = subjects.map(() => []);
  for (let round = 0; round < context.rounds; round++) {
    for (let k = 0; k < subjects.length; k++) {
      const i = (round + k) % subjects.length;
      const subject = subjects[i];
      if (subject === undefined) continue;
      const { ms, units } = await run(subject);
      const perUnit = ms / units;
      all[i]?.push(perUnit);
      context.log(`    ${label} round ${round + 1} ${subject.target.name}: ${perUnit.toFixed(3)}`);
    }
  }
  return all.map((r) => ({ median: median(r), rounds: r }));
}

/** Server CPU ms per 1,000 GETs at `connections`, `seconds` of load per round. */
export function cpuPerThousandGets(
  context: BenchContext,
  subjects: readonly CpuSubject[],
  connections: number,
  seconds: number,
): Promise<CpuFigure[]> {
  return rounds(
    context,
    subjects,
    async (subject) => {
      const { ms, result } = await charged(subject, () =>
        runLoad({
          url: `http://127.0.0.1:${subject.target.port}/`,
          headers: subject.target.headers,
          connections,
          durationSeconds: seconds,
        }),
      );
      assertNoErrors(result, `${subject.target.name}, c=${connections}, CPU round`);
      return { ms, units: result.completed / 1000 };
    },
    `CPU ms / 1,000 GETs, c=${connections},`,
  );
}

/** Server CPU ms per MB (10⁶ bytes) of one 100 MB download per round. */
export function cpuPerMegabyte(
  context: BenchContext,
  subjects: readonly CpuSubject[],
): Promise<CpuFigure[]> {
  return rounds(
    context,
    subjects,
    async (subject) => {
      const url = `http://127.0.0.1:${subject.target.port}/download`;
      const { ms } = await charged(subject, () => timeDownload(url, DOWNLOAD_BYTES));
      return { ms, units: DOWNLOAD_BYTES / 1e6 };
    },
    'CPU ms / MB,',
  );
}

/** The subject for one process, or for a process and everything below it (sshd). */
export function processSubject(target: GetTarget, pid: number, tree: boolean): CpuSubject {
  return { target, pids: async () => (tree ? processTree(pid) : [pid]) };
}
