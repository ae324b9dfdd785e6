import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GetTarget } from '../gateway/compare-gets.ts';
import { startServer, type RunningServer } from '../lib/child-server.ts';
import { negotiatedCipher } from './cipher-probe.ts';
import { startTunnelHost, type TunnelHost } from './host.ts';
import { ALLOCATED_PORT, makeKey, spawnSsh, type SshProcess } from './ssh-client.ts';
import { startSshd, type SshdProcess } from './sshd.ts';

const CONNECT_TIMEOUT_MS = 15_000;

/** The upstream reached three ways, and everything that must stay up for the numbers to count. */
export interface ForwardTargets {
  readonly upstream: RunningServer;
  readonly direct: GetTarget;
  readonly tunnel: GetTarget;
  /** The same tunnel through a byte relay (no HTTP front): a channel per TCP connection. */
  readonly tunnelRelay: GetTarget;
  /** Undefined when sshd is not installed. */
  readonly openssh: GetTarget | undefined;
  readonly sshdVersion: string | undefined;
  /** The listening sshd (its per-connection processes are below it); undefined without sshd. */
  readonly sshdPid: number | undefined;
  /** ssh2's native crypto binding loaded in the tunnel process. */
  readonly nativeCrypto: boolean;
  /** The Gatehouse tunnel process, for a CPU profile (lib/cpu-profile.ts). */
  readonly tunnelHost: { readonly pid: number; readonly cpuProfile: string };
  /** The cipher each SSH connection negotiated (tunnel, OpenSSH). */
  readonly ciphers: { readonly tunnel: string; readonly openssh: string | undefined };
  /** Throws when an ssh client, the tunnel host or sshd has gone away. */
  assertAlive(): void;
  stop(): Promise<void>;
}

/** The upstream as its own process on a free loopback port. */
function startUpstream(): Promise<RunningServer> {
  return startServer({
    name: 'upstream (node:http)',
    args: [path.join(import.meta.dirname, 'upstream-server.ts')],
    cwd: import.meta.dirname,
    env: { NODE_ENV: 'production' },
  });
}

/** `ssh -N -R …` until it prints the allocated port; returns the port. */
async function forward(ssh: SshProcess): Promise<number> {
  await ssh.waitFor(ALLOCATED_PORT, CONNECT_TIMEOUT_MS);
  return Number(ALLOCATED_PORT.exec(ssh.output())?.[1]);
}

/**
 * Upstream; the Gatehouse tunnel host with one `ssh -N -R 0` session (dynamic: the ssh client
 * is the SOCKS server and the tunnel asks it for the upstream); sshd with one
 * `ssh -N -R 0:127.0.0.1:<upstream>` session (OpenSSH's own remote forward, sshd listening on
 * the allocated loopback port). On any failure, whatever started is stopped.
 */
export async function startForwardTargets(dir: string): Promise<ForwardTargets> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    const upstream = await startUpstream();
    stops.push(() => upstream.stop());
    const key = makeKey(dir, 'bench-key');
    const host: TunnelHost = await startTunnelHost({
      dir,
      fingerprints: [key.fingerprint],
      localAddress: `127.0.0.1:${upstream.port}`,
      tui: false,
    });
    stops.push(() => host.stop());
    const ourArgs = ['-N', '-R', '0', '127.0.0.1'];
    // The probe's session must be gone before the measured one starts: two would share the route.
    const tunnelCipher = await negotiatedCipher(host.sshPort, key, ourArgs);
    for (let i = 0; i < 500 && (await host.status()).tunnels > 0; i++) await sleep(10);
    const ourSsh = spawnSsh({ port: host.sshPort, key, args: ourArgs });
    stops.push(() => ourSsh.stop());
    await forward(ourSsh);
    const sshd: SshdProcess | undefined = await startSshd(path.join(dir, 'sshd'), [key]);
    let theirSsh: SshProcess | undefined;
    let opensshPort: number | undefined;
    let opensshCipher: string | undefined;
    if (sshd !== undefined) {
      stops.push(() => sshd.stop());
      const theirArgs = ['-N', '-R', `0:127.0.0.1:${upstream.port}`, '127.0.0.1'];
      opensshCipher = await negotiatedCipher(sshd.port, key, theirArgs);
      const ssh = spawnSsh({ port: sshd.port, key, args: theirArgs });
      theirSsh = ssh;
      stops.push(() => ssh.stop());
      opensshPort = await forward(ssh);
    }
    const alive: [string, SshProcess | RunningServer | TunnelHost][] = [
      ['upstream', upstream],
      ['gatehouse tunnel host', host],
      ['ssh client of the gatehouse tunnel', ourSsh],
      ...(theirSsh === undefined ? [] : [['ssh client of sshd', theirSsh] as [string, SshProcess]]),
    ];
    return {
      upstream,
      direct: { name: 'direct', port: upstream.port, headers: {}, process: upstream.child },
      tunnel: { name: 'gatehouse tunnel', port: host.httpPort, headers: {}, process: host.child },
      tunnelRelay: {
        name: 'gatehouse tunnel, byte relay',
        port: host.relayPort,
        headers: {},
        process: host.child,
      },
      openssh:
        opensshPort === undefined || theirSsh === undefined
          ? undefined
          : { name: 'openssh -R', port: opensshPort, headers: {}, process: theirSsh.child },
      sshdVersion: sshd?.version,
      sshdPid: sshd?.pid,
      nativeCrypto: host.nativeCrypto,
      tunnelHost: { pid: host.pid, cpuProfile: host.cpuProfile },
      ciphers: { tunnel: tunnelCipher, openssh: opensshCipher },
      assertAlive() {
        const gone = alive.find(([, p]) => p.child.exitCode !== null);
        if (gone !== undefined) throw new Error(`${gone[0]} exited:\n${gone[1].output()}`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
