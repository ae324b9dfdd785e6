import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { benchAccount } from '../gateway/account.ts';
import { max, median } from '../lib/stats.ts';
import { timeConnect, type ConnectTarget } from '../tunnel/connect-time.ts';
import { makeKey } from '../tunnel/ssh-client.ts';
import { sshdMissing, startSshd, type SshdProcess } from '../tunnel/sshd.ts';
import {
  activeLine,
  offline,
  phaseDelay,
  timeActive,
  WATCH_POLL_MS,
  type ActiveTime,
} from '../startup/active-line.ts';
import { freeStartPorts, startNpmStart, type RunningStart } from '../startup/npm-start.ts';
import { addAccount, rememberKey, signedInBrowser } from '../startup/remember-key.ts';

const WARM_UP = 2;
const RUNS = 15;
/** The host in the command `npm start` prints (`ssh -p <port> -R 0 localhost`). */
const HOST = 'localhost';

function opensshTarget(sshd: SshdProcess): ConnectTarget {
  return { name: 'openssh', port: sshd.port, args: ['-N', '-R', '0:127.0.0.1:8080', HOST] };
}

function rows(ours: readonly ActiveTime[], ref: readonly number[] | undefined): Row[] {
  const note = ref === undefined ? ' (OpenSSH not measured)' : '';
  const allocated = ours.map((t) => t.allocatedMs);
  const line = ours.map((t) => t.lineMs);
  const baseline = (f: (v: readonly number[]) => number) =>
    ref === undefined ? {} : { baseline: f(ref) };
  return [
    {
      metric: `ssh → forward allocated (ACTIVE), median${note}`,
      unit: 'ms',
      value: median(allocated),
      ...baseline(median),
    },
    {
      metric: `ssh → forward allocated (ACTIVE), max${note}`,
      unit: 'ms',
      value: max(allocated),
      ...baseline(max),
    },
    {
      metric: `ssh → \`● Tunnel ACTIVE\` line, median${note}`,
      unit: 'ms',
      value: median(line),
      ...baseline(median),
    },
    {
      metric: `ssh → \`● Tunnel ACTIVE\` line, max${note}`,
      unit: 'ms',
      value: max(line),
      ...baseline(max),
    },
  ];
}

function notes(ours: readonly ActiveTime[], ref: readonly number[] | undefined, version?: string) {
  const list = (ms: readonly number[]) => ms.map((t) => t.toFixed(0)).join(', ');
  return [
    'Method: a running `npm start` (fresh data dir, free ports); an account made with ' +
      '`gatehouse users add --password-stdin`, a browser signed in, and one `ssh -N -R 0 ' +
      'localhost` with a new key whose browser sign-in was authorized with "Remember me". Then ' +
      `the real \`/usr/bin/ssh -N -R 0 ${HOST}\` (BatchMode: it gets in by its key or not at ` +
      'all) is spawned with that key and timed to ssh’s `Allocated port` (the server has ' +
      'registered the forward: ACTIVE in the tunnel’s own screen) and to the line ' +
      '`● Tunnel ACTIVE   <remote url> → <local>` on npm start’s stdout. ssh then ends, and ' +
      `the next connect waits for npm start’s \`○ Tunnel offline\` line. ${WARM_UP} discarded ` +
      `connects per server, then ${RUNS} per server, alternating.`,
    `npm start prints the line from a watcher that polls the live tunnels every ${WATCH_POLL_MS} ` +
      'ms, so the line comes up to one poll after the forward; the runs start at points spread ' +
      'evenly over that cycle (a user starts at a random one). The `tunnel-connect` benchmark ' +
      'above times the allocated forward alone against the tunnel server in its own process, ' +
      'its key bound up front; here it is the whole `npm start` and a key remembered through the ' +
      'real sign-in.',
    ref === undefined
      ? `OpenSSH not measured (${sshdMissing() ?? 'sshd did not start'}).`
      : `OpenSSH (baseline, both rows): \`${version ?? 'sshd'}\` on a loopback port, ` +
        `\`ssh -N -R 0:127.0.0.1:8080 ${HOST}\`, the same client and key, timed to its ` +
        '`Allocated port` (OpenSSH has no ACTIVE line).',
    'Issue 8 gives no goal number: reported, no goal.',
    `Runs (ms): allocated ${list(ours.map((t) => t.allocatedMs))}; ACTIVE line ` +
      `${list(ours.map((t) => t.lineMs))}${ref === undefined ? '' : `; openssh ${list(ref)}`}.`,
  ];
}

async function measure(
  start: RunningStart,
  sshd: SshdProcess | undefined,
  key: ReturnType<typeof makeKey>,
  log: (message: string) => void,
) {
  const openssh = sshd === undefined ? undefined : opensshTarget(sshd);
  const connect = () => timeActive(start.group, start.ports.ssh, HOST, key);
  for (let i = 0; i < WARM_UP; i++) {
    await phaseDelay(i, WARM_UP);
    await connect();
    if (openssh !== undefined) await timeConnect(openssh, key);
  }
  const ours: ActiveTime[] = [];
  const ref: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (openssh !== undefined) ref.push(await timeConnect(openssh, key));
    await phaseDelay(i, RUNS);
    ours.push(await connect());
  }
  const remote = new Set(ours.map((t) => t.remoteUrl));
  if (remote.size !== 1) throw new Error(`the ACTIVE lines named ${remote.size} remote URLs`);
  log(
    `  allocated median ${median(ours.map((t) => t.allocatedMs)).toFixed(1)} ms, ACTIVE line ` +
      `median ${median(ours.map((t) => t.lineMs)).toFixed(1)} ms` +
      (openssh === undefined ? '' : `, openssh median ${median(ref).toFixed(1)} ms`),
  );
  return { ours, ref: openssh === undefined ? undefined : ref };
}

export const npmStartTunnel: Benchmark = {
  id: 'npm-start-tunnel',
  title: 'npm start: ssh with a remembered key → Tunnel ACTIVE',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-npm-start-tunnel-'));
    const stops: (() => Promise<unknown>)[] = [];
    try {
      const key = makeKey(dir, 'bench-key');
      const start = await startNpmStart(path.join(dir, 'data'), await freeStartPorts());
      stops.push(() => start.group.stop('SIGINT'));
      const sshd = await startSshd(path.join(dir, 'sshd'), [key]);
      if (sshd !== undefined) stops.push(() => sshd.stop());

      const account = benchAccount();
      await addAccount(path.join(dir, 'data'), account);
      const browser = await signedInBrowser(`http://localhost:${start.ports.edge}`, account);
      await rememberKey(start.ports.ssh, HOST, key, browser, () => activeLine(start.group));
      await offline(start.group);
      context.log(`  key remembered; ${WARM_UP} warm-up + ${RUNS} connects per server`);

      const { ours, ref } = await measure(start, sshd, key, (m) => context.log(m));
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
