import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { configFromText } from '@gatehouse/gateway';
import { stopChild } from '../lib/child-server.ts';
import { CPU_PROFILE_ARGS, CPU_PROFILE_ENV } from '../lib/cpu-profile.ts';
import { freePort } from '../lib/free-port.ts';
import { httpRequest } from '../lib/http.ts';

export const CLI = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'packages',
  'cli',
  'bin',
  'gatehouse.js',
);
const READY_TIMEOUT_MS = 30_000;
const KEPT_OUTPUT_CHARS = 8_000;

/** A gateway started the way an operator starts it: `gatehouse serve --config <file>`. */
export interface GatewayProcess {
  readonly port: number;
  /** The SSH tunnel endpoint's port, when started with `ssh: true`. */
  readonly sshPort: number | undefined;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Where the gateway writes its CPU profile on the second SIGUSR2 (lib/cpu-profile.ts). */
  readonly cpuProfile: string;
  /** `Host` header value of a route or of the auth service, e.g. `app.localhost:41234`. */
  host(name: string): string;
  /** The tail of its stderr and of its log (stdout, one JSON line per request, to a file). */
  output(): string;
  stop(): Promise<void>;
}

export interface GatewayProcessOptions {
  /** A temporary directory for the config file and the data dir (the caller removes it). */
  readonly dir: string;
  /** The `routes:` entries; `{{port}}` becomes the edge port (routes name it in `from`). */
  readonly routesYaml: string;
  /** Created with `gatehouse users add --password-stdin` before the gateway starts. */
  readonly account?: { readonly email: string; readonly password: string };
  /** Extra `gatehouse serve` arguments (e.g. `--workers 2`). */
  readonly serveArgs?: readonly string[];
  /** Extra node options before the script (e.g. `--max-semi-space-size=16`). */
  readonly nodeArgs?: readonly string[];
  /**
   * Ask for this open-files limit (soft and hard, `ulimit -Hn/-n` in a shell that then execs
   * node). Raising the hard limit needs root with CAP_SYS_RESOURCE; when refused, the process
   * keeps the old limit (read it from /proc/<pid>/limits).
   */
  readonly openFiles?: number;
  /** Run the SSH tunnel endpoint too (`ssh: { listen: 127.0.0.1:<free port> }`); default off. */
  readonly ssh?: boolean;
  /** Extra environment of the `gatehouse serve` process. */
  readonly env?: Readonly<Record<string, string>>;
  /** Another checkout's `gatehouse.js` (A/B probes of two builds); default this one's. */
  readonly cli?: string;
}

/** `node <args>`, or through `sh` that first raises the open-files limit when it may. */
function gatewayCommand(args: readonly string[], openFiles: number | undefined): string[] {
  if (openFiles === undefined) return [process.execPath, ...args];
  const n = String(Math.floor(openFiles));
  const raise = `ulimit -Hn ${n} 2>/dev/null; ulimit -n ${n} 2>/dev/null; exec "$@"`;
  return ['/bin/sh', '-c', raise, 'sh', process.execPath, ...args];
}

/** Runs the CLI to completion; throws with its stderr unless it exits 0. */
export function runCli(args: readonly string[], stdin: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`gatehouse ${args.slice(0, 2).join(' ')} exited ${code}: ${err}`)),
    );
    child.stdin.end(stdin);
  });
}

/** Polls until the edge answers anything at all on `host` (a route answers 401 unsigned). */
async function waitUntilListening(port: number, host: string, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before it listened`);
    try {
      await httpRequest(`http://127.0.0.1:${port}/`, {
        headers: { host, accept: 'application/json' },
        agent: false,
        timeoutMs: 2_000,
      });
      return;
    } catch {
      if (performance.now() > deadline)
        throw new Error(`not listening within ${READY_TIMEOUT_MS} ms`);
      await sleep(20);
    }
  }
}

/**
 * Writes a config (edge on a free loopback port, data dir under `dir`), validates it with
 * `configFromText`, creates the account, then spawns `gatehouse serve` at the shipped log level.
 */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const port = await freePort();
  const sshPort = options.ssh === true ? await freePort() : undefined;
  const host = (name: string) => `${name}.localhost:${port}`;
  const configPath = path.join(options.dir, 'gatehouse.yaml');
  const text =
    `listen: 127.0.0.1:${port}\n` +
    `authenticate_service_url: http://${host('auth')}\n` +
    `data_dir: ${path.join(options.dir, 'data')}\n` +
    (sshPort === undefined
      ? `ssh: { enabled: false }\n`
      : `ssh: { listen: 127.0.0.1:${sshPort} }\n`) +
    `routes:\n${options.routesYaml.replaceAll('{{port}}', String(port))}`;
  await mkdir(options.dir, { recursive: true });
  await writeFile(configPath, text);
  configFromText(text, configPath); // a bad config fails here, with the schema's message
  if (options.account !== undefined) {
    await runCli(
      ['users', 'add', options.account.email, '--password-stdin', '--config', configPath],
      `${options.account.password}\n`,
    );
  }
  // stdout carries one JSON decision line per request. It goes to a file, as a production log
  // would: the gateway pays for writing it, and no pipe to the bench process (busy running the
  // load) can fill up and stall it.
  const logFile = path.join(options.dir, 'gateway.log');
  const logFd = openSync(logFile, 'a');
  const cpuProfile = path.join(options.dir, 'gateway.cpuprofile');
  const [command = process.execPath, ...args] = gatewayCommand(
    [
      ...CPU_PROFILE_ARGS,
      ...(options.nodeArgs ?? []),
      options.cli ?? CLI,
      'serve',
      '--config',
      configPath,
      ...(options.serveArgs ?? []),
    ],
    options.openFiles,
  );
  const child = spawn(command, args, {
    env: {
      ...process.env,
      ...options.env,
      NODE_ENV: 'production',
      [CPU_PROFILE_ENV]: cpuProfile,
    },
    stdio: ['ignore', logFd, 'pipe'],
  });
  closeSync(logFd);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
  });
  const output = () => `${stderr}${logTail(logFile)}`;
  const stop = () => stopChild(child, 10_000);
  try {
    await waitUntilListening(port, host('probe'), child);
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`gateway: ${message}\n${output()}`, { cause: error });
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('gateway: no pid');
  return { port, sshPort, child, pid, cpuProfile, host, output, stop };
}

/** The last few KB of the gateway's log file, for error messages. */
function logTail(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const length = Math.min(size, KEPT_OUTPUT_CHARS);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** `error` with the gateway's recent output appended, for a failure while it was running. */
export function withGatewayOutput(gateway: GatewayProcess, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message}\n--- gateway output (tail) ---\n${gateway.output()}`, {
    cause: error,
  });
}
