import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

// CPU time of another process, from Linux's /proc/<pid>/stat (proc(5): fields 14 utime and
// 15 stime, in clock ticks). Lets the bench charge the edge alone for its handshakes, whatever
// the client in the bench process costs.

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  if (!(ticksPerSecond > 0)) throw new Error('getconf CLK_TCK gave no tick rate');
  return ticksPerSecond;
}

/** User + system CPU time the process has used so far, in ms. */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) {
    throw new Error(`no utime/stime in /proc/${pid}/stat`);
  }
  return ((utime + stime) * 1000) / clockTicks();
}
