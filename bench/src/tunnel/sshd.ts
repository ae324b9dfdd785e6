import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopChild } from '../lib/child-server.ts';
import { freePort } from '../lib/free-port.ts';
import type { SshKey } from './ssh-client.ts';

export const SSHD_BINARY = '/usr/sbin/sshd';
/** Where Debian's sshd, run as root, wants its privilege-separation chroot (systemd makes it). */
const PRIVSEP_DIR = '/run/sshd';
const KEPT_OUTPUT_CHARS = 8_000;

export interface SshdProcess {
  readonly port: number;
  /** The listening sshd; each session is a process below it. */
  readonly pid: number;
  /** `OpenSSH_9.2p1 Debian-2+deb12u6, OpenSSL 3.0.19 …` */
  readonly version: string;
  output(): string;
  stop(): Promise<void>;
}

/** Why OpenSSH is not measured, for the report; undefined when it can be. */
export function sshdMissing(): string | undefined {
  return existsSync(SSHD_BINARY)
    ? undefined
    : `${SSHD_BINARY} missing: apt-get install openssh-server`;
}

/**
 * The reference: Debian's OpenSSH server on 127.0.0.1, its own config, host key and
 * authorized_keys in `dir`, and nothing but remote forwarding allowed. Remote forwards bind to
 * loopback only (GatewayPorts no). Runs in the foreground (-D) and logs to stderr (-e).
 */
function sshdConfig(dir: string, port: number): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'ssh_host_ed25519_key')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    'UsePAM no',
    'StrictModes no',
    'GatewayPorts no',
    'AllowTcpForwarding remote',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'X11Forwarding no',
    'AllowAgentForwarding no',
    'PrintMotd no',
    'LogLevel ERROR',
    // Many clients connect at once in the connect benchmark; the default drops some at 10.
    'MaxStartups 1000',
    '',
  ].join('\n');
}

function version(): string {
  // `sshd -V` prints e.g. `OpenSSH_9.2, OpenSSL 3.0.19 …` on stderr; the Debian build is dpkg's.
  const printed = spawnSync(SSHD_BINARY, ['-V'], { encoding: 'utf8' }).stderr;
  const openssh = /OpenSSH_[\w.]+/.exec(printed)?.[0] ?? 'OpenSSH (version unknown)';
  const dpkg = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'openssh-server'], {
    encoding: 'utf8',
  });
  return dpkg.status === 0 && dpkg.stdout !== '' ? `${openssh} (Debian ${dpkg.stdout})` : openssh;
}

/** Polls until the port accepts a TCP connection. */
async function waitForListen(port: number, timeoutMs: number, exited: () => boolean) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (exited()) throw new Error('sshd exited');
    if (performance.now() > deadline) throw new Error(`sshd not listening after ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** sshd with `keys` authorized, or undefined when sshd is not installed. */
export async function startSshd(
  dir: string,
  keys: readonly SshKey[],
): Promise<SshdProcess | undefined> {
  if (sshdMissing() !== undefined) return undefined;
  await mkdir(dir, { recursive: true });
  if (process.getuid?.() === 0 && !existsSync(PRIVSEP_DIR)) {
    await mkdir(PRIVSEP_DIR, { mode: 0o755 });
  }
  const hostKey = path.join(dir, 'ssh_host_ed25519_key');
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  await writeFile(path.join(dir, 'authorized_keys'), keys.map((k) => k.publicKey).join('\n'));
  const port = await freePort();
  const conf = path.join(dir, 'sshd_config');
  await writeFile(conf, sshdConfig(dir, port));
  // sshd must be started by its absolute path (it re-executes itself per connection).
  const child = spawn(SSHD_BINARY, ['-D', '-e', '-f', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = () => stopChild(child);
  try {
    await waitForListen(port, 10_000, () => child.exitCode !== null);
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`sshd: ${message}\n${output}`, { cause: error });
  }
  return { port, pid: child.pid ?? 0, version: version(), output: () => output, stop };
}
