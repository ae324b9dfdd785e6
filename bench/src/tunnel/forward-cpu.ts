import type { BenchContext, Row } from '../benchmark.ts';
import { verifyGet } from '../gateway/compare-gets.ts';
import type { ForwardTargets } from './forward-targets.ts';
import {
  cpuPerMegabyte,
  cpuPerThousandGets,
  processSubject,
  type CpuFigure,
  type CpuSubject,
} from './server-cpu.ts';
import { SMALL_BODY } from './upstream-server.ts';

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

function roundsText(names: readonly string[], figures: readonly CpuFigure[]): string {
  return figures
    .map(
      (f, i) =>
        `${names[i] ?? '?'} ${f.median.toFixed(2)} (rounds ${f.rounds.map((r) => r.toFixed(2)).join(' / ')})`,
    )
    .join('; ');
}

/** Rows for one workload: the HTTP front and the byte relay, each against sshd. */
function workloadRows(what: string, figures: readonly CpuFigure[], note: string): Row[] {
  const [front, relay, sshd] = figures;
  if (front === undefined || relay === undefined) throw new Error('no CPU figure for the tunnel');
  return [
    row(`server CPU ${what}${note}`, front, sshd),
    row(`server CPU ${what}, byte relay${note}`, relay, sshd),
  ];
}

/**
 * Server-side CPU of each tunnel for the same work: the Gatehouse tunnel process, reached
 * through its HTTP front (as the gateway reaches it) and through a byte relay (a channel per
 * TCP connection, sshd's own -R model), against sshd (the listener and the processes it forked
 * for the session). Rows are CPU ms, so the ratio is Gatehouse ÷ sshd and lower is better.
 */
export async function measureForwardCpu(
  context: BenchContext,
  t: ForwardTargets,
): Promise<ForwardCpu> {
  await verifyGet(t.tunnelRelay, { status: [200], body: SMALL_BODY });
  const subjects: CpuSubject[] = [
    processSubject(t.tunnel, t.tunnelHost.pid, false),
    processSubject(t.tunnelRelay, t.tunnelHost.pid, false),
  ];
  const names = ['Gatehouse (HTTP front)', 'Gatehouse (byte relay)'];
  if (t.openssh !== undefined && t.sshdPid !== undefined) {
    subjects.push(processSubject(t.openssh, t.sshdPid, true));
    names.push('sshd');
  }
  const rows: Row[] = [];
  const notes: string[] = [];
  const note = subjects.length === 2 ? ' (sshd not measured)' : '';
  for (const c of CONCURRENCIES) {
    context.log(`  server CPU: c=${c}, ${context.rounds} × ${CPU_ROUND_SECONDS} s per path`);
    const figures = await cpuPerThousandGets(context, subjects, c, CPU_ROUND_SECONDS);
    rows.push(...workloadRows(`per 1,000 GETs, c=${c}`, figures, note));
    notes.push(`Server CPU ms per 1,000 GETs, c=${c}: ${roundsText(names, figures)}.`);
    t.assertAlive();
  }
  context.log(`  server CPU: 100 MB download, ${context.rounds} per path`);
  const figures = await cpuPerMegabyte(context, subjects);
  rows.push(...workloadRows('per MB, 100 MB download', figures, note));
  notes.push(`Server CPU ms per MB (100 MB download): ${roundsText(names, figures)}.`);
  t.assertAlive();
  return { rows, notes: [methodNote(), ...notes] };
}

function methodNote(): string {
  return (
    'Server CPU: user + system time from `/proc/<pid>/stat` (10 ms ticks) of the server side ' +
    'only, read before and after each round. Gatehouse: the tunnel process, reached two ways: ' +
    'through its HTTP front (ssh2 server plus a node:http front and the gateway’s proxy engine ' +
    'in one process, as the gateway reaches a tunnel: it parses every request and response, ' +
    'which sshd does not) and through a byte relay (`bench/src/tunnel/relay-front.ts`: one ' +
    '`forwarded-tcpip` channel per TCP connection, bytes piped unparsed, which is what sshd does ' +
    'for `-R`). OpenSSH: sshd, summed over the listener and every process below it (the ' +
    `per-connection monitor and session processes). Per concurrency ${CPU_ROUND_SECONDS} s of ` +
    'GETs per round, and one 100 MB download per round, paths alternating, the first rotating; ' +
    'median of the rounds. Other load on the machine slows a round but is not charged to these ' +
    'processes, so unlike req/s this holds on a busy machine. Rows are CPU ms: the ratio is ' +
    'Gatehouse ÷ sshd, lower is better (≤ 1.00× = no more CPU than OpenSSH).'
  );
}
