import { setTimeout as sleep } from 'node:timers/promises';
import { ALLOCATED_PORT, spawnSsh, type SshKey } from '../tunnel/ssh-client.ts';
import type { GroupProcess } from './process-group.ts';

const CONNECT_TIMEOUT_MS = 10_000;
/** `npm start`'s tunnel watcher polls every 250 ms (packages/cli/src/start/tunnel-watch.ts). */
export const WATCH_POLL_MS = 250;

const ACTIVE_LINE = /^● Tunnel ACTIVE {3}(\S+) → (\S+)$/;
const OFFLINE_LINE = /^○ Tunnel offline {2}\S+/;

export interface ActiveTime {
  /** ssh spawn → ssh prints `Allocated port` (the server has registered the forward). */
  readonly allocatedMs: number;
  /** ssh spawn → `npm start` prints `● Tunnel ACTIVE   <remote url> → <local>`. */
  readonly lineMs: number;
  readonly remoteUrl: string;
}

/** Resolves once `npm start` has printed that a tunnel is ACTIVE. */
export async function activeLine(start: GroupProcess): Promise<void> {
  await start.waitForLine(ACTIVE_LINE, CONNECT_TIMEOUT_MS);
}

/** Resolves once `npm start` has printed that the previous session's tunnel went offline. */
export async function offline(start: GroupProcess): Promise<void> {
  await start.waitForLine(OFFLINE_LINE, CONNECT_TIMEOUT_MS);
}

/**
 * One connect of the real ssh client with a remembered key (`ssh -N -R 0 <host>`, BatchMode:
 * it can only get in by its key) to `npm start`'s SSH port, timed to ssh's `Allocated port`
 * and to the ACTIVE line on npm start's stdout; then ssh ends and this waits for the offline
 * line, so the next connect is reported anew.
 */
export async function timeActive(
  start: GroupProcess,
  sshPort: number,
  host: string,
  key: SshKey,
): Promise<ActiveTime> {
  const spawned = performance.now();
  const ssh = spawnSsh({ port: sshPort, key, args: ['-N', '-R', '0', host] });
  let time: ActiveTime;
  try {
    const allocated = await ssh.waitFor(ALLOCATED_PORT, CONNECT_TIMEOUT_MS);
    const line = await start.waitForLine(ACTIVE_LINE, CONNECT_TIMEOUT_MS);
    time = {
      allocatedMs: allocated - spawned,
      lineMs: line.at - spawned,
      remoteUrl: line.match[1] ?? '',
    };
  } finally {
    await ssh.stop();
  }
  // Only a tunnel that was reported ACTIVE is reported offline.
  await offline(start);
  return time;
}

/**
 * The watcher reports what it sees at its next tick, so the wait for the line depends on where
 * in the 250 ms cycle ssh starts. A user starts at a random point; the bench spreads its runs
 * evenly over the cycle instead: run `i` of `runs` starts (i + ½) / runs of a cycle after the
 * tick that printed the previous offline line.
 */
export function phaseDelay(i: number, runs: number): Promise<void> {
  return sleep(((i + 0.5) / runs) * WATCH_POLL_MS);
}
