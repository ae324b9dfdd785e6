import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * A dependency's command: from the template's own node_modules when it is used alone, or from the
 * repository root where npm workspaces hoist it.
 */
export function localBin(templateDir: string, name: string): string {
  const candidates = [
    path.join(templateDir, 'node_modules', '.bin', name),
    path.resolve(templateDir, '..', 'node_modules', '.bin', name),
  ];
  return candidates.find((p) => existsSync(p)) ?? name;
}

export interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * Starts the server as a separate process (as `npm start` would) on a free port and waits for
 * its "Server started" log line, which carries the port it listens on.
 */
export function startProcess(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<Started> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 20 s:\n${out}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (!line.includes('Server started')) continue;
        const port = /"port":(\d+)/.exec(line)?.[1];
        if (port === undefined) continue;
        clearTimeout(timer);
        resolve({ child, port: Number(port), output: () => out, stop });
        return;
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)} before starting:\n${out}`));
    });
  });
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion and collects its output. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
