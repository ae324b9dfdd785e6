import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { processTree } from '../tunnel/process-tree.ts';

const KEPT_OUTPUT_CHARS = 16_000;
const STOP_TIMEOUT_MS = 20_000;

/**
 * A command run the way a user runs it in a terminal, in its own process group (spawned
 * detached), so the bench can signal the whole group as Ctrl-C would and then make sure nothing
 * it started is left running.
 */
export interface GroupProcess {
  readonly child: ChildProcess;
  /** performance.now() at spawn(). */
  readonly spawnedAt: number;
  /** performance.now() when a stdout line first matched `pattern` (with the match). */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<{ at: number; match: RegExpExecArray }>;
  /** The tail of stdout and stderr, one-time tokens masked, for error messages. */
  output(): string;
  /**
   * `signal` to the group, then waits for the leader to exit. Every process that was below it
   * when the signal went out must be gone by then (5 s of grace); survivors are
   * killed and reported as an error. Resolves with the milliseconds the stop took.
   */
  stop(signal: NodeJS.Signals): Promise<number>;
}

/** One-time sign-in links and codes are secrets: never copy them into a report or an error. */
function mask(text: string): string {
  return text.replace(/([?&](?:token|code)=)[\w.~-]+/g, '$1…');
}

/** Start time (clock ticks since boot, /proc stat field 22) of a running process. */
function startTime(pid: number): Promise<string | undefined> {
  return readFile(`/proc/${pid}/stat`, 'utf8').then(
    (stat) => {
      // Fields after the command name (which may hold spaces): state is field 3, start time 22.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // A zombie (state Z) has exited; only its parent has not collected it yet.
      return fields[0] === 'Z' ? undefined : fields[19];
    },
    () => undefined,
  );
}

interface Proc {
  readonly pid: number;
  readonly started: string | undefined;
}

async function snapshot(pids: readonly number[]): Promise<Proc[]> {
  return Promise.all(pids.map(async (pid) => ({ pid, started: await startTime(pid) })));
}

/** The processes of `procs` still running (the same process: a reused pid does not count). */
async function survivors(procs: readonly Proc[]): Promise<Proc[]> {
  const found: Proc[] = [];
  for (const p of procs) {
    if (p.started !== undefined && (await startTime(p.pid)) === p.started) found.push(p);
  }
  return found;
}

/** `pid: command line`, cut short, for an error message. */
function commandOf(pid: number): Promise<string> {
  return readFile(`/proc/${pid}/cmdline`, 'utf8').then(
    (line) => `${pid}: ${line.replaceAll('\0', ' ').trim().slice(0, 120)}`,
    () => `${pid}: ?`,
  );
}

export function spawnGroup(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): GroupProcess {
  const spawnedAt = performance.now();
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  const waiters = new Set<() => void>();
  const keep = (text: string) => {
    output = (output + text).slice(-KEPT_OUTPUT_CHARS);
  };
  child.stderr?.on('data', (chunk: Buffer) => keep(chunk.toString('utf8')));
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    keep(text);
    stdout += text;
    for (const waiter of waiters) waiter();
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  let searched = 0;

  return {
    child,
    spawnedAt,
    output: () => mask(output),
    waitForLine: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', died);
        };
        // Each wait sees only the lines after the previous match, so a repeated line counts anew.
        const check = () => {
          const end = stdout.lastIndexOf('\n') + 1;
          const lines = stdout.slice(searched, end);
          const line = lines.split('\n').find((l) => pattern.test(l));
          if (line === undefined) return;
          const at = performance.now();
          searched += lines.indexOf(line) + line.length + 1;
          done();
          resolve({ at, match: pattern.exec(line) as RegExpExecArray });
        };
        const died = () => {
          done();
          reject(
            new Error(`exited (${String(child.exitCode)}) before ${pattern}:\n${mask(output)}`),
          );
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${mask(output)}`));
        }, timeoutMs);
        waiters.add(check);
        child.once('exit', died);
        check();
      }),
    async stop(signal) {
      const pid = child.pid;
      if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return 0;
      const below = await snapshot((await processTree(pid)).filter((p) => p !== pid));
      const began = performance.now();
      process.kill(-pid, signal);
      const timer = setTimeout(() => process.kill(-pid, 'SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      const ms = performance.now() - began;
      let left = await survivors(below);
      for (let i = 0; i < 50 && left.length > 0; i++) {
        await sleep(100);
        left = await survivors(left);
      }
      if (left.length > 0) {
        const names = await Promise.all(left.map((p) => commandOf(p.pid)));
        for (const p of left) process.kill(p.pid, 'SIGKILL');
        throw new Error(
          `${left.length} process(es) were still running 5 s after ${command} exited on ` +
            `${signal} (exit ${String(child.exitCode ?? child.signalCode)}): ${names.join('; ')}\n` +
            mask(output).slice(-3_000),
        );
      }
      return ms;
    },
  };
}
