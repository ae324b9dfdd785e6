import type { BenchContext, Row } from '../benchmark.ts';
import type { ForwardTargets } from './forward-targets.ts';
import {
  cpuPerMegabyte,
  cpuPerThousandGets,
  processSubject,
  type CpuFigure,
  type CpuSubject,
} from './server-cpu.ts';

/** Seconds of GET load per CPU round: ≥ 100 ticks of /proc's 10 ms clock at c=1 on a slow run. */
const CPU_ROUND_SECONDS = 3;
const CONCURRENCIES = [1, 50] as const;

export interface ForwardCpu {
  readonly rows: Row[];
  readonly notes: string[];
}

function row(metric: string, ours: CpuFigure, ref: CpuFigure | undefined): Row {
  return { metric, unit: 'ms', value: ours.median, ...(ref && { baseline: ref.median }) };
}

function roundsText(name: string, f: CpuFigure): string {
  return `${name} ${f.median.toFixed(2)} (rounds ${f.rounds.map((r) => r.toFixed(2)).join(' / ')})`;
}

/**
 * Server-side CPU of each tunnel for the same work: the Gatehouse tunnel process (the tunnel
 * server and the bench's HTTP front in one process) against sshd (the listener and the
 * processes it forked for the session). Rows are CPU ms, so the ratio is Gatehouse ÷ sshd and
 * lower is better.
 */
export async function measureForwardCpu(
  context: BenchContext,
  t: ForwardTargets,
): Promise<ForwardCpu> {
  const ours = processSubject(t.tunnel, t.tunnelHost.pid, false);
  const subjects: CpuSubject[] = [ours];
  if (t.openssh !== undefined && t.sshdPid !== undefined) {
    subjects.push(processSubject(t.openssh, t.sshdPid, true));
  }
  const rows: Row[] = [];
  const notes: string[] = [];
  const note = subjects.length === 1 ? ' (sshd not measured)' : '';
  for (const c of CONCURRENCIES) {
    context.log(`  server CPU: c=${c}, ${context.rounds} × ${CPU_ROUND_SECONDS} s per tunnel`);
    const [g, o] = await cpuPerThousandGets(context, subjects, c, CPU_ROUND_SECONDS);
    if (g === undefined) throw new Error('no CPU figure for the tunnel');
    rows.push(row(`server CPU per 1,000 GETs, c=${c}${note}`, g, o));
    notes.push(
      `Server CPU ms per 1,000 GETs, c=${c}: ${roundsText('Gatehouse', g)}` +
        `${o === undefined ? '' : `; ${roundsText('sshd', o)}`}.`,
    );
    t.assertAlive();
  }
  context.log(`  server CPU: 100 MB download, ${context.rounds} per tunnel`);
  const [g, o] = await cpuPerMegabyte(context, subjects);
  if (g === undefined) throw new Error('no CPU figure for the tunnel');
  rows.push(row(`server CPU per MB, 100 MB download${note}`, g, o));
  notes.push(
    `Server CPU ms per MB (100 MB download): ${roundsText('Gatehouse', g)}` +
      `${o === undefined ? '' : `; ${roundsText('sshd', o)}`}.`,
  );
  t.assertAlive();
  return { rows, notes: [methodNote(), ...notes] };
}

function methodNote(): string {
  return (
    'Server CPU: user + system time from `/proc/<pid>/stat` (10 ms ticks) of the server side ' +
    'only, read before and after each round: the Gatehouse tunnel process (ssh2 server plus ' +
    'the bench’s node:http front in one process, so it also parses each request and response, ' +
    'which sshd does not) against sshd, summed over the listener and every process below it ' +
    `(the per-connection monitor and session processes). Per concurrency ${CPU_ROUND_SECONDS} s ` +
    'of GETs per round, and one 100 MB download per round, tunnels alternating, the first ' +
    'rotating; median of the rounds. Other load on the machine slows a round but is not ' +
    'charged to these processes, so unlike req/s this holds on a busy machine. Rows are CPU ms: ' +
    'the ratio is Gatehouse ÷ sshd, lower is better (≤ 1.00× = no more CPU than OpenSSH).'
  );
}
