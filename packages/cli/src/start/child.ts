import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, delimiter } from 'node:path';
import { createInterface } from 'node:readline';

/** A child process of `npm start`, in its own process group so stopping it stops its children. */
export interface Child {
  readonly name: string;
  /** Resolves with the exit code (or the signal) once the process is gone. */
  readonly exited: Promise<string>;
  /** The last lines it printed (for an error message when it dies during start-up). */
  tail(): readonly string[];
  /** SIGTERM to the group; SIGKILL after `graceMs`. Resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
}

const TAIL_LINES = 15;

export function startChild(options: {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Each output line, prefixed with the child's name by the caller. */
  readonly onLine: (line: string) => void;
}): Child {
  const child: ChildProcess = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const take = (line: string) => {
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    options.onLine(line);
  };
  for (const stream of [child.stdout, child.stderr]) {
    if (stream !== null) createInterface({ input: stream, crlfDelay: Infinity }).on('line', take);
  }
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, signal) => resolve(signal ?? `exit code ${String(code)}`));
  });
  let gone = false;
  void exited.then(() => (gone = true));
  const signalGroup = (signal: NodeJS.Signals, evenIfLeaderGone = false) => {
    if ((gone && !evenIfLeaderGone) || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    name: options.name,
    exited,
    tail: () => [...lines],
    async stop(graceMs = 5_000) {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // The group may still hold grandchildren (node --watch's worker): make sure they go too.
      signalGroup('SIGKILL', true);
    },
  };
}

/** `npm` as the running npm invoked us (npm_execpath), else `npm` from PATH. */
export function npmInvocation(): { readonly command: string; readonly prefix: readonly string[] } {
  const execPath = process.env['npm_execpath'];
  if (execPath !== undefined && /npm-cli\.js$/.test(execPath))
    return { command: process.execPath, prefix: [execPath] };
  return { command: 'npm', prefix: [] };
}

/** Our environment plus `extra`, with this Node first on PATH so scripts run the same Node. */
export function childEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const path = process.env['PATH'] ?? '';
  return { ...process.env, ...extra, PATH: `${dirname(process.execPath)}${delimiter}${path}` };
}
