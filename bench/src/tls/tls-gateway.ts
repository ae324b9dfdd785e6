import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { configFromText } from '@gatehouse/gateway';
import { stopChild } from '../lib/child-server.ts';
import { freePort } from '../lib/free-port.ts';
import { handshakeOnce } from './handshake.ts';

const CLI = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'packages',
  'cli',
  'src',
  'main.ts',
);
const READY_TIMEOUT_MS = 30_000;
const KEPT_OUTPUT_CHARS = 8_000;

/** A TLS edge started as an operator starts it: `gatehouse serve --config <file>`. */
export interface TlsGateway {
  readonly port: number;
  readonly pid: number;
  /** The tail of its stdout and stderr, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Writes a config with `tlsYaml` (edge on a free loopback port, data dir under `dir`),
 * validates it with `configFromText`, spawns `gatehouse serve` and waits until a TLS handshake
 * for `probeName` completes.
 */
export async function startTlsGateway(
  dir: string,
  tlsYaml: string,
  probeName: string,
): Promise<TlsGateway> {
  const port = await freePort();
  const configPath = path.join(dir, 'gatehouse.yaml');
  const text =
    `listen: 127.0.0.1:${port}\n` +
    `authenticate_service_url: https://${probeName}:${port}\n` +
    `data_dir: ${path.join(dir, 'data')}\n` +
    `ssh: { enabled: false }\n` +
    tlsYaml;
  await mkdir(dir, { recursive: true });
  await writeFile(configPath, text);
  configFromText(text, configPath); // a bad config fails here, with the schema's message
  // NODE_ENV=production and the log level as shipped, like the other gateway benchmarks.
  const child = spawn(process.execPath, [CLI, 'serve', '--config', configPath], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let kept = '';
  const keep = (chunk: Buffer) => {
    kept = (kept + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = () => stopChild(child, 10_000);
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`gateway exited (${child.exitCode}) before it listened:\n${kept}`);
    }
    const outcome = await handshakeOnce({ port, servername: probeName });
    if (outcome.ok) break;
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`gateway: no TLS handshake within ${READY_TIMEOUT_MS} ms:\n${kept}`);
    }
    await sleep(50);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('gateway: no pid');
  return { port, pid, output: () => kept, stop };
}
