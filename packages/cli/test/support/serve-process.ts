import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** `gatehouse serve --config <config> --log-level warn` as a child process. */
export function serve(config: string): {
  child: ChildProcess;
  stderr: () => string;
  /** The JSON log lines (stdout). */
  log: () => string;
  up: Promise<void>;
} {
  const child = spawn(
    process.execPath,
    [MAIN, 'serve', '--config', config, '--log-level', 'warn'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let log = '';
  child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  const up = new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
      if (stderr.includes('Gatehouse is up')) resolve();
    });
    child.once('close', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  up.catch(() => undefined);
  return { child, stderr: () => stderr, log: () => log, up };
}

export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** One HTTP request to 127.0.0.1:<port> with `host` as its Host header. */
export function send(
  port: number,
  host: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.once('error', reject);
    req.end(options.body);
  });
}
