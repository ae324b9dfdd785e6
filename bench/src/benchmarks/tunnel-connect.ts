import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { max, median } from '../lib/stats.ts';
import { timeConnects, type ConnectTarget } from '../tunnel/connect-time.ts';
import { startTunnelHost, type TunnelHost } from '../tunnel/host.ts';
import { makeKey } from '../tunnel/ssh-client.ts';
import { sshdMissing, startSshd, type SshdProcess } from '../tunnel/sshd.ts';

const WARM_UP = 2;
const RUNS = 15;
/** The issue's goal: a remembered key is ACTIVE within 150 ms. */
const GOAL_MS = 150;

function tunnelTarget(host: TunnelHost): ConnectTarget {
  return {
    name: 'gatehouse tunnel',
    port: host.sshPort,
    args: ['-N', '-R', '0', '127.0.0.1'],
    async verify() {
      if (!(await host.status()).live)
        throw new Error('ssh has its port but the route is not live');
    },
    async settled() {
      for (let i = 0; i < 250 && (await host.status()).tunnels > 0; i++) await sleep(2);
    },
  };
}

function opensshTarget(sshd: SshdProcess): ConnectTarget {
  return { name: 'openssh', port: sshd.port, args: ['-N', '-R', '0:127.0.0.1:8080', '127.0.0.1'] };
}

function rows(ours: readonly number[], ref: readonly number[] | undefined): Row[] {
  const note = ref === undefined ? ' (OpenSSH not measured)' : '';
  return [
    {
      metric: `connect → ACTIVE, median${note}`,
      unit: 'ms',
      value: median(ours),
      ...(ref !== undefined && { baseline: median(ref) }),
      goal: { text: `≤ ${GOAL_MS} ms`, met: median(ours) <= GOAL_MS },
    },
    {
      metric: `connect → ACTIVE, max${note}`,
      unit: 'ms',
      value: max(ours),
      ...(ref !== undefined && { baseline: max(ref) }),
    },
  ];
}

function notes(ours: readonly number[], ref: readonly number[] | undefined, version?: string) {
  const list = (times: readonly number[]) => times.map((t) => t.toFixed(0)).join(', ');
  return [
    'Method: spawn the real `/usr/bin/ssh -N -R 0 127.0.0.1` with a key the server already ' +
      'knows (bound up front, as after a sign-in with "Remember me") and time until ssh prints ' +
      '`Allocated port …`: process start, TCP connect, key exchange, publickey sign-in and the ' +
      '`tcpip-forward` reply. The tunnel registers the forward (ACTIVE in the TUI) before it ' +
      'replies, and the bench checks that the route is live at that moment. The ssh client then ' +
      `ends; the next connect starts once the tunnel has dropped it. ${WARM_UP} discarded ` +
      `connects per server, then ${RUNS} per server, alternating.`,
    'Gatehouse: `createTunnelServer` in its own process (TUI wired in, as `gatehouse serve` ' +
      'has it); the session has no pty, so no TUI is drawn.',
    ref === undefined
      ? `OpenSSH not measured (${sshdMissing() ?? 'sshd did not start'}).`
      : `OpenSSH (baseline): \`${version ?? 'sshd'}\` on a loopback port, ` +
        '`ssh -N -R 0:127.0.0.1:8080`, the same client and key; sshd forks and re-executes ' +
        'itself for each connection.',
    `Runs (ms): gatehouse ${list(ours)}${ref === undefined ? '' : `; openssh ${list(ref)}`}.`,
  ];
}

export const tunnelConnect: Benchmark = {
  id: 'tunnel-connect',
  title: 'tunnel: connect with a remembered key → ACTIVE',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-tunnel-connect-'));
    const stops: (() => Promise<void>)[] = [];
    try {
      const key = makeKey(dir, 'bench-key');
      const host = await startTunnelHost({
        dir,
        fingerprints: [key.fingerprint],
        localAddress: '127.0.0.1:8080',
        tui: true,
      });
      stops.push(() => host.stop());
      const sshd = await startSshd(path.join(dir, 'sshd'), [key]);
      if (sshd !== undefined) stops.push(() => sshd.stop());
      const targets = [tunnelTarget(host), ...(sshd === undefined ? [] : [opensshTarget(sshd)])];
      context.log(`  ${WARM_UP} warm-up + ${RUNS} connects per server`);
      const times = await timeConnects(targets, key, WARM_UP, RUNS);
      const [ours, ref] = targets.map((t) => times.get(t) ?? []);
      if (ours === undefined) throw new Error('the tunnel was not measured');
      context.log(
        `  gatehouse median ${median(ours).toFixed(1)} ms` +
          (ref === undefined ? '' : `, openssh median ${median(ref).toFixed(1)} ms`),
      );
      return {
        baselineLabel: 'OpenSSH sshd',
        rows: rows(ours, ref),
        notes: notes(ours, ref, sshd?.version),
      };
    } finally {
      for (const stop of stops.reverse()) await stop();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
