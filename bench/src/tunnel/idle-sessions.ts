import { ALLOCATED_PORT, spawnSsh, type SshKey, type SshProcess } from './ssh-client.ts';

/** ssh clients connecting at once: more would only queue in the tunnel's accept backlog. */
const IN_FLIGHT = 32;
const CONNECT_TIMEOUT_MS = 30_000;

export interface IdleSessionsOptions {
  readonly port: number;
  readonly key: SshKey;
  readonly count: number;
  /** ssh's arguments after the options, e.g. `-N -R 0 127.0.0.1`. */
  readonly args: readonly string[];
  /** Keep stdin open (a `-tt` session, whose screen goes to /dev/null). */
  readonly stdin: boolean;
}

/** A tunnel session without a terminal: the route `mcp`, nothing else. */
export const PLAIN_SESSION = ['-N', '-R', '0', '127.0.0.1'] as const;
/** With a pty (`-tt`: ssh has no terminal of its own here), so the server renders its TUI. */
export const TUI_SESSION = ['-tt', '-R', '0', '127.0.0.1'] as const;

export interface IdleSessions {
  readonly sessions: readonly SshProcess[];
  /** Milliseconds until every session had its forward. */
  readonly openedInMs: number;
  /** Throws when any ssh client has exited since. */
  assertAlive(): void;
  close(): Promise<void>;
}

/**
 * `count` real OpenSSH clients, each one SSH connection with one port-0 remote forward, opened
 * IN_FLIGHT at a time; resolves when every client printed its allocated port.
 */
export async function openIdleSessions(options: IdleSessionsOptions): Promise<IdleSessions> {
  const sessions: SshProcess[] = [];
  const close = async () => {
    await Promise.all(sessions.map((s) => s.stop()));
  };
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.count) {
      next++;
      const { port, key, args, stdin } = options;
      const ssh = spawnSsh({ port, key, args, stdin });
      sessions.push(ssh);
      await ssh.waitFor(ALLOCATED_PORT, CONNECT_TIMEOUT_MS);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, options.count) }, worker));
  } catch (error) {
    await close();
    throw error;
  }
  return {
    sessions,
    openedInMs: performance.now() - started,
    assertAlive() {
      const gone = sessions.find((s) => s.child.exitCode !== null || s.child.signalCode !== null);
      if (gone !== undefined) throw new Error(`an idle ssh session ended:\n${gone.output()}`);
    },
    close,
  };
}
