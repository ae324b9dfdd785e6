import { setTimeout as sleep } from 'node:timers/promises';
import { ALLOCATED_PORT, spawnSsh, type SshKey } from './ssh-client.ts';

const CONNECT_TIMEOUT_MS = 10_000;

export interface ConnectTarget {
  readonly name: string;
  readonly port: number;
  /** ssh's arguments after the options (`-N -R 0 127.0.0.1`). */
  readonly args: readonly string[];
  /** Called once ssh printed its port: throws unless the server shows the forward as live. */
  readonly verify?: () => Promise<void>;
  /** Resolves once the server no longer holds the previous session. */
  readonly settled?: () => Promise<void>;
}

/**
 * One connect: spawn the real ssh client, time until it prints `Allocated port` (the server
 * has accepted the forward and told the client so), then end it. The time includes ssh's own
 * process start, key loading, TCP connect, key exchange, publickey sign-in and the
 * `tcpip-forward` round trip: what a user waits for after pressing Enter.
 */
export async function timeConnect(target: ConnectTarget, key: SshKey): Promise<number> {
  const started = performance.now();
  const ssh = spawnSsh({ port: target.port, key, args: target.args });
  try {
    const at = await ssh.waitFor(ALLOCATED_PORT, CONNECT_TIMEOUT_MS);
    await target.verify?.();
    return at - started;
  } finally {
    await ssh.stop();
    await target.settled?.();
  }
}

/** `warmUp` discarded connects per target, then `runs` per target, alternating targets. */
export async function timeConnects(
  targets: readonly ConnectTarget[],
  key: SshKey,
  warmUp: number,
  runs: number,
): Promise<Map<ConnectTarget, number[]>> {
  for (const target of targets) {
    for (let i = 0; i < warmUp; i++) await timeConnect(target, key);
  }
  const times = new Map<ConnectTarget, number[]>(targets.map((t) => [t, []]));
  for (let i = 0; i < runs; i++) {
    for (const target of targets) {
      times.get(target)?.push(await timeConnect(target, key));
      // A breath between connects, so one run's teardown does not overlap the next one's start.
      await sleep(20);
    }
  }
  return times;
}
