import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stopChild } from '../lib/child-server.ts';

export const SSH_BINARY = '/usr/bin/ssh';
const KEPT_OUTPUT_CHARS = 16_000;

export interface SshKey {
  readonly path: string;
  /** `SHA256:…`, as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
  /** authorized_keys line. */
  readonly publicKey: string;
}

/** A fresh ed25519 key made by the real ssh-keygen in `dir`. */
export function makeKey(dir: string, name: string): SshKey {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
  const listed = execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' });
  const publicKey = readFileSync(`${file}.pub`, 'utf8').trim();
  return { path: file, fingerprint: listed.split(' ')[1] ?? '', publicKey };
}

export interface SshOptions {
  readonly port: number;
  readonly key: SshKey;
  /** After the options: `-N -R 0 127.0.0.1` and the like. */
  readonly args: readonly string[];
  /** Keep stdin open as a pipe (a `-tt` session would read EOF from /dev/null and end). */
  readonly stdin?: boolean;
}

export interface SshProcess {
  readonly child: ChildProcess;
  /** What ssh printed on stderr (the tail). */
  output(): string;
  /** performance.now() when `pattern` first appeared on stderr; rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The real OpenSSH client against 127.0.0.1:<port>: no config file, no known_hosts, the one
 * key only, never a prompt (BatchMode), and it exits if the server refuses the forward.
 * stdout is discarded (a TUI session's screen), stderr is kept.
 */
export function spawnSsh(options: SshOptions): SshProcess {
  const args = [
    ...['-F', '/dev/null', '-p', String(options.port), '-i', options.key.path],
    ...['-o', 'IdentitiesOnly=yes', '-o', 'StrictHostKeyChecking=no'],
    ...['-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes'],
    ...['-o', 'ExitOnForwardFailure=yes', '-o', 'ConnectTimeout=30'],
    ...options.args,
  ];
  const child = spawn(SSH_BINARY, args, {
    stdio: [options.stdin === true ? 'pipe' : 'ignore', 'ignore', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  child.stderr?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
    for (const waiter of waiters) waiter();
  });
  return {
    child,
    output: () => text,
    waitFor: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', exited);
        };
        const check = (): void => {
          if (!pattern.test(text)) return;
          done();
          resolve(performance.now());
        };
        const exited = (): void => {
          done();
          reject(new Error(`ssh exited (${String(child.exitCode)}) before ${pattern}:\n${text}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} from ssh within ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
        waiters.add(check);
        child.once('exit', exited);
        check();
      }),
    stop: () => stopChild(child, 2_000),
  };
}

/** `Allocated port 40123 …`, which ssh prints once the server accepted a port-0 forward. */
export const ALLOCATED_PORT = /Allocated port (\d+)/;
