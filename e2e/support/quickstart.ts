import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The repository root: where `npm start` runs. */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** What `npm start` runs (package.json "start"). */
export const START_SCRIPT = path.join(ROOT, 'scripts', 'start.js');
/** Preload that maps `*.localhost` to 127.0.0.1 for Node programs (browsers and curl need none). */
export const LOCALHOST_RESOLVER = path.join(import.meta.dirname, 'localhost-resolver.ts');

export interface StartedProcess {
  readonly child: ChildProcess;
  output(): string;
  /** The first match in stdout+stderr from `from` on (default: the start). */
  waitFor(pattern: RegExp, timeoutMs?: number, from?: number): Promise<RegExpExecArray>;
  readonly exited: Promise<number | null>;
}

/** `npm start -- <args>` exactly as package.json runs it (node scripts/start.js), from the root. */
export function npmStart(args: readonly string[]): StartedProcess {
  const child = spawn(process.execPath, [START_SCRIPT, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => resolve(code)),
  );
  return {
    child,
    output: () => output,
    exited,
    async waitFor(pattern, timeoutMs = 30_000, from = 0) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = pattern.exec(output.slice(from));
        if (match !== null) return match;
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`npm start never printed ${String(pattern)}; it printed:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}
