import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess, ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export interface TestKey {
  readonly path: string;
  readonly fingerprint: string;
}

/** A fresh ed25519 key made by the real ssh-keygen. */
export function makeKey(dir: string, name: string): TestKey {
  const path = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', path]);
  const listed = execFileSync('ssh-keygen', ['-lf', `${path}.pub`], { encoding: 'utf8' });
  const fingerprint = listed.split(' ')[1] ?? '';
  return { path, fingerprint };
}

export interface SshProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the first match in stdout+stderr; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  readonly exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Arguments for the real OpenSSH client against 127.0.0.1:<port>: no config, no known_hosts. */
export function sshArgs(port: number, key: TestKey, args: readonly string[]): string[] {
  return [
    '-F',
    '/dev/null',
    '-p',
    String(port),
    '-i',
    key.path,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'BatchMode=no',
    '-o',
    'ConnectTimeout=5',
    ...args,
  ];
}

/**
 * The real OpenSSH client, without a terminal. `detached` puts it in its own session, so even when
 * the tests run from a terminal ssh cannot open /dev/tty and prompts on its stderr like in CI.
 */
export function spawnSsh(port: number, key: TestKey, args: readonly string[]): SshProcess {
  return track(
    spawn('/usr/bin/ssh', sshArgs(port, key, args), {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    }),
  );
}

/**
 * The real OpenSSH client with exactly `args` (no key, no defaults added) and `env` as its whole
 * environment, e.g. a fresh HOME and no SSH_AUTH_SOCK: a newcomer without any key.
 */
export function spawnSshBare(args: readonly string[], env: NodeJS.ProcessEnv): SshProcess {
  return track(
    spawn('/usr/bin/ssh', [...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env }),
  );
}

/** The real OpenSSH client on a pseudo-terminal (util-linux `script`), as a user types it. */
export function spawnSshOnPty(port: number, key: TestKey, args: readonly string[]): SshProcess {
  const command = ['/usr/bin/ssh', ...sshArgs(port, key, args)].map(shellQuote).join(' ');
  return track(
    spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] }),
  );
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

function track(child: ChildProcessWithoutNullStreams): SshProcess {
  running.add(child);
  let text = '';
  const waiters = new Set<() => void>();
  const onData = (data: Buffer): void => {
    text += data.toString('utf8');
    for (const waiter of waiters) waiter();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    output: () => text,
    exited,
    waitFor: (pattern, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(text);
          if (match === null) return;
          cleanup();
          resolve(match);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern} in ssh output:\n${text}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
  };
}

/** Kills every ssh this file started and waits for them to go. */
export async function killAllSsh(): Promise<void> {
  const exits = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(exits);
}
