import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import {
  measureSshdIdle,
  measureTunnelIdle,
  sessionsAllowed,
  SETTLE_MS,
  WARM_UP_SESSIONS,
  type IdleMemory,
} from '../tunnel/idle-memory.ts';
import { makeKey } from '../tunnel/ssh-client.ts';
import { sshdMissing } from '../tunnel/sshd.ts';

const TARGET_SESSIONS = 1_000;
/** Fewer sessions than this make a per-session figure noise. */
const MIN_SESSIONS = 100;
/** sshd forks a process per session (~10 MB RSS each): a hundred make the reference. */
const SSHD_SESSIONS = 100;
/** The issue's goals per idle tunnel: ≤ 200 KB without a TUI, ≤ 3 MB with one. */
const GOAL_PLAIN_KB = 200;
const GOAL_TUI_KB = 3_000;
/** 1 kB = 1000 bytes (as in the report's other sizes); /proc reports KiB. */
const kB = (kib: number) => (kib * 1024) / 1000;

const perSession = (m: IdleMemory) => kB(m.afterKiB - m.beforeKiB) / m.sessions;

function rows(
  plain: IdleMemory,
  tui: IdleMemory,
  sshd: { sessions: number; perSessionKiB: number } | undefined,
): Row[] {
  const n = (m: IdleMemory) => m.sessions.toLocaleString('en-US');
  const goal = (value: number, limit: number) => ({
    text: `≤ ${limit >= 1000 ? `${limit / 1000} MB` : `${limit} KB`}`,
    met: value <= limit,
  });
  return [
    {
      metric: `RSS per idle tunnel, ${n(plain)} sessions, no TUI`,
      unit: 'kB',
      value: perSession(plain),
      ...(sshd !== undefined && { baseline: kB(sshd.perSessionKiB) }),
      goal: goal(perSession(plain), GOAL_PLAIN_KB),
    },
    {
      metric: `RSS per idle tunnel, ${n(tui)} sessions, TUI`,
      unit: 'kB',
      value: perSession(tui),
      goal: goal(perSession(tui), GOAL_TUI_KB),
    },
  ];
}

function notes(
  plain: IdleMemory,
  tui: IdleMemory,
  sshd: { sessions: number; perSessionKiB: number } | undefined,
): string[] {
  const mb = (kib: number) => (kB(kib) / 1000).toFixed(1);
  const line = (label: string, m: IdleMemory) =>
    `${label}: ${m.sessions.toLocaleString('en-US')} sessions open in ` +
    `${(m.openedInMs / 1000).toFixed(1)} s; tunnel process RSS ${mb(m.beforeKiB)} MB before, ` +
    `${mb(m.afterKiB)} MB with them.`;
  return [
    'Method: the real OpenSSH client, one process per session (`/usr/bin/ssh -N -R 0` without ' +
      'a TUI; `ssh -tt -R 0` with one, stdin an open pipe, the screen to /dev/null, so the ' +
      'server renders its ink TUI at 80×24), all with one key bound up front, against ' +
      '`createTunnelServer` in its own process (TUI wired in, as `gatehouse serve` has it; a ' +
      'fresh process per variant). Each session is one SSH connection with one live forward ' +
      'of the route `mcp`; 32 connect at a time; a session counts once ssh printed its ' +
      'allocated port, and the tunnel must list them all.',
    `RSS = \`VmRSS\` of the tunnel process from /proc, read after ${SETTLE_MS / 1000} s of ` +
      `quiet: before (after ${WARM_UP_SESSIONS} warm-up sessions opened and closed) and with ` +
      'every session open. Per tunnel = the difference ÷ sessions. No GC is forced. ' +
      '1 kB = 1000 bytes; goals 200 KB = 200 kB and 3 MB = 3,000 kB.',
    line('Without a TUI', plain),
    line('With a TUI', tui),
    sshd === undefined
      ? `OpenSSH reference not measured (${sshdMissing() ?? 'sshd did not start'}).`
      : `OpenSSH reference (baseline column): Debian sshd with ${sshd.sessions} idle ` +
        '`ssh -N -R 0:127.0.0.1:8080` sessions; sshd forks a process per session, so its figure ' +
        'is PSS (shared pages split among the processes sharing them) summed over sshd and its ' +
        'children, before and with the sessions, ÷ sessions. Fewer sessions than ours: each is a ' +
        'process of ~10 MB RSS.',
  ];
}

export const tunnelIdle: Benchmark = {
  id: 'tunnel-idle',
  title: 'tunnel: memory per idle tunnel session (1,000 real ssh clients), without and with a TUI',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-tunnel-idle-'));
    try {
      const count = await sessionsAllowed(TARGET_SESSIONS);
      if (count < MIN_SESSIONS) {
        throw new Error(
          `the open-files limit or free memory allows only ${count} ssh clients (want ${MIN_SESSIONS})`,
        );
      }
      const key = makeKey(dir, 'bench-key');
      const plain = await measureTunnelIdle(context, { dir, key, count, tui: false });
      const tui = await measureTunnelIdle(context, { dir, key, count, tui: true });
      context.log(`  OpenSSH reference: ${SSHD_SESSIONS} sessions`);
      const sshd = await measureSshdIdle(dir, key, SSHD_SESSIONS);
      return {
        baselineLabel: 'OpenSSH sshd (PSS)',
        rows: rows(plain, tui, sshd),
        notes: notes(plain, tui, sshd),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
