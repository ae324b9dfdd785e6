import { spawn, type ChildProcess } from 'node:child_process';

/** How to start a server process; it must log a JSON line `{"msg":"Server started","port":n}`. */
export interface ServerCommand {
  /** Shown in errors and in the report. */
  readonly name: string;
  /** Arguments to `node` (the entry file first). */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface RunningServer {
  readonly name: string;
  readonly port: number;
  readonly origin: string;
  readonly child: ChildProcess;
  /** The last lines the process printed, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const KEPT_OUTPUT_CHARS = 8_000;

/** The port of a `"Server started"` log line, or undefined for any other line. */
export function startedPort(line: string): number | undefined {
  if (!line.startsWith('{')) return undefined;
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { msg, port } = entry as { msg?: unknown; port?: unknown };
  return msg === 'Server started' && typeof port === 'number' && port > 0 ? port : undefined;
}

/** Stops a child process (SIGTERM, SIGKILL after `graceMs`); resolves when it has exited. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A spawned server process whose output is drained and its tail kept for error messages. */
export interface SpawnedServer {
  readonly child: ChildProcess;
  output(): string;
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `node <args>`; `onLine` sees each complete stdout line. */
export function spawnServer(
  command: ServerCommand,
  onLine: (line: string) => void = () => undefined,
): SpawnedServer {
  const child = spawn(process.execPath, [...command.args], {
    cwd: command.cwd,
    env: { ...process.env, ...command.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let pending = '';
  const keep = (text: string): void => {
    output = (output + text).slice(-KEPT_OUTPUT_CHARS);
  };
  // Always drain both pipes: a full pipe would block the server's logging, and so the server.
  child.stderr.on('data', (chunk: Buffer) => keep(chunk.toString('utf8')));
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    keep(text);
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  return { child, output: () => output, stop: (graceMs) => stopChild(child, graceMs) };
}

/** Spawns the server as a child process and waits for its "Server started" log line. */
export function startServer(command: ServerCommand): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const spawned = spawnServer(command, (line) => {
      const port = settled ? undefined : startedPort(line);
      if (port === undefined) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...spawned, name: command.name, port, origin: `http://127.0.0.1:${port}` });
    });
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void spawned.stop(0);
      reject(new Error(`${command.name}: ${message}\n${spawned.output()}`));
    };
    const timer = setTimeout(
      () => fail(`not ready within ${READY_TIMEOUT_MS} ms`),
      READY_TIMEOUT_MS,
    );
    spawned.child.once('error', (error) => fail(`could not start: ${error.message}`));
    spawned.child.once('exit', (code, signal) =>
      fail(`exited (${signal ?? String(code)}) before it was ready`),
    );
  });
}

/** Starts all servers at once; if any fails, stops the others and rethrows the first failure. */
export async function startServers(commands: readonly ServerCommand[]): Promise<RunningServer[]> {
  const started = await Promise.allSettled(commands.map((command) => startServer(command)));
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failure = started.find((s) => s.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all(running.map((server) => server.stop()));
    throw failure.reason;
  }
  return running;
}
