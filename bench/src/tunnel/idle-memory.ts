import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext } from '../benchmark.ts';
import { openFilesLimit, rssKiB } from '../gateway/proc-status.ts';
import { startTunnelHost } from './host.ts';
import { openIdleSessions, PLAIN_SESSION, TUI_SESSION } from './idle-sessions.ts';
import { processTree, pssKiB } from './process-tree.ts';
import type { SshKey } from './ssh-client.ts';
import { startSshd } from './sshd.ts';

/** Quiet time before each reading, so it is of an idle process. */
export const SETTLE_MS = 3_000;
/** Sessions opened and closed before the first reading: code paths loaded, JIT warm. */
export const WARM_UP_SESSIONS = 8;
/** Descriptors per ssh client in the bench process (stdin and stderr pipes, with margin). */
const FDS_PER_CLIENT = 3;
const FD_RESERVE = 200;
/** System memory one idle ssh client process takes (measured ~1.7 MB), with margin. */
const BYTES_PER_CLIENT = 4e6;

export interface IdleMemory {
  readonly sessions: number;
  readonly beforeKiB: number;
  readonly afterKiB: number;
  readonly openedInMs: number;
}

/** As many of `wanted` ssh clients as the bench's open-files limit and free memory allow. */
export async function sessionsAllowed(wanted: number): Promise<number> {
  const byFds = Math.floor(((await openFilesLimit('self')) - FD_RESERVE) / FDS_PER_CLIENT);
  const byMemory = Math.floor(os.freemem() / BYTES_PER_CLIENT);
  return Math.min(wanted, byFds, byMemory);
}

/**
 * A fresh tunnel host (TUI wired in, as `gatehouse serve` has it), a warm-up, then `count`
 * idle sessions of the real ssh client: its RSS before and with them, each after SETTLE_MS.
 */
export async function measureTunnelIdle(
  context: BenchContext,
  options: { dir: string; key: SshKey; count: number; tui: boolean },
): Promise<IdleMemory> {
  const host = await startTunnelHost({
    dir: options.dir,
    fingerprints: [options.key.fingerprint],
    // Idle sessions never connect anywhere; the address is only shown in the TUI.
    localAddress: '127.0.0.1:8080',
    tui: true,
  });
  try {
    const session = {
      port: host.sshPort,
      key: options.key,
      args: options.tui ? TUI_SESSION : PLAIN_SESSION,
      stdin: options.tui,
    };
    const warm = await openIdleSessions({ ...session, count: WARM_UP_SESSIONS });
    await warm.close();
    await sleep(SETTLE_MS);
    const beforeKiB = await rssKiB(host.pid);
    const label = options.tui ? 'with a TUI' : 'without a TUI';
    context.log(`  ${label}: opening ${options.count} ssh sessions`);
    const idle = await openIdleSessions({ ...session, count: options.count });
    try {
      await sleep(SETTLE_MS);
      idle.assertAlive();
      const status = await host.status();
      if (status.tunnels !== options.count || !status.live) {
        throw new Error(`the tunnel holds ${status.tunnels} of ${options.count} sessions`);
      }
      const afterKiB = await rssKiB(host.pid);
      context.log(
        `  ${label}: ${options.count} sessions open in ${(idle.openedInMs / 1000).toFixed(1)} s, ` +
          `RSS +${Math.round(afterKiB - beforeKiB)} KiB`,
      );
      return { sessions: options.count, beforeKiB, afterKiB, openedInMs: idle.openedInMs };
    } finally {
      await idle.close();
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n${host.output()}`, { cause: error });
  } finally {
    await host.stop();
  }
}

/** The reference: sshd's PSS, summed over it and its session processes, per idle session. */
export async function measureSshdIdle(
  dir: string,
  key: SshKey,
  count: number,
): Promise<{ readonly sessions: number; readonly perSessionKiB: number } | undefined> {
  const sshd = await startSshd(path.join(dir, 'sshd-idle'), [key]);
  if (sshd === undefined) return undefined;
  try {
    const args = ['-N', '-R', '0:127.0.0.1:8080', '127.0.0.1'];
    const session = { port: sshd.port, key, args, stdin: false };
    await (await openIdleSessions({ ...session, count: WARM_UP_SESSIONS })).close();
    await sleep(SETTLE_MS);
    const before = await pssKiB(await processTree(sshd.pid));
    const idle = await openIdleSessions({ ...session, count });
    try {
      await sleep(SETTLE_MS);
      idle.assertAlive();
      const after = await pssKiB(await processTree(sshd.pid));
      return { sessions: count, perSessionKiB: (after - before) / count };
    } finally {
      await idle.close();
    }
  } finally {
    await sshd.stop();
  }
}
