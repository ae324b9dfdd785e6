import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { GatehouseError, type Logger } from '@gatehouse/core';
import {
  loadOrCreateClusterSecret,
  loadOrCreateSecrets,
  openSqliteStore,
  type GatewayConfig,
} from '@gatehouse/gateway';
import type { CliIo } from '../io.ts';

/** What a worker tells the primary once it serves. */
export interface WorkerReady {
  readonly type: 'gatehouse-worker-ready';
  readonly port: number;
  readonly adminPort: number | undefined;
  readonly sshPort: number | undefined;
  readonly nodeId: string;
}

/** What the primary sends a worker to make it stop cleanly. */
export const STOP_MESSAGE = 'gatehouse-worker-stop';
/** A worker that has not stopped this long after being told is killed. */
const STOP_GRACE_MS = 15_000;

/** `--workers`: a positive integer, or `auto` (the cores this process may use). */
export function parseWorkers(value: string | undefined): number {
  if (value === undefined) return 1;
  if (value === 'auto') return availableParallelism();
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1 || n > 256) {
    throw new GatehouseError(
      'ERR_CLI_USAGE',
      `--workers must be a whole number from 1 to 256, or auto (got "${value}")`,
    );
  }
  return n;
}

/**
 * The primary of `gatehouse serve --workers N`: makes the shared files first (schema, signing
 * key, cookie and cluster secrets, SSH host key) so that workers never race to create them and
 * end up with different keys, then forks N workers of this same command. node:cluster hands
 * every worker the same listening sockets (edge, SSH, admin); each worker is a cluster node with
 * its own internal port, so a request landing on a worker without the tunnel is forwarded to the
 * one that holds it. A worker that dies is replaced; one that dies before serving stops all.
 */
export async function runPrimary(o: {
  readonly count: number;
  readonly config: GatewayConfig;
  readonly io: CliIo;
  readonly logger: Logger;
  readonly signals: { onStop(handler: () => void): void };
}): Promise<number> {
  const { config, logger, io } = o;
  await (await openSqliteStore(join(config.dataDir, 'gatehouse.db'))).close();
  await loadOrCreateSecrets({
    dataDir: config.dataDir,
    signingKeyFile: config.signingKeyFile,
    cookieSecretFile: config.cookieSecretFile,
    logger,
  });
  await loadOrCreateClusterSecret({
    dataDir: config.dataDir,
    secretFile: config.cluster?.secretFile,
    logger,
  });
  if (config.ssh.enabled) {
    // Loaded here, not at the top: a `serve` without SSH never loads ssh2 (ADR 0019).
    const { loadOrCreateHostKey } = await import('@gatehouse/tunnel');
    await loadOrCreateHostKey(config.dataDir, logger);
  }

  let stopping = false;
  const live = new Set<Worker>();
  const ready = new Set<Worker>();
  let failed: (code: number) => void = () => {};
  const outcome = new Promise<number>((resolve) => (failed = resolve));
  const stopAll = (): void => {
    stopping = true;
    for (const w of live) {
      if (w.isConnected()) w.send(STOP_MESSAGE);
      const kill = setTimeout(() => w.process.kill('SIGKILL'), STOP_GRACE_MS);
      w.once('exit', () => clearTimeout(kill));
    }
  };
  const fork = (index: number): void => {
    const worker = cluster.fork({ GATEHOUSE_WORKER_INDEX: String(index) });
    live.add(worker);
    worker.on('message', (message: WorkerReady) => {
      if (message.type !== 'gatehouse-worker-ready') return;
      ready.add(worker);
      if (ready.size === o.count && index < o.count) announce(io, config, message, o.count);
    });
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      const wasReady = ready.delete(worker);
      if (stopping) return;
      if (!wasReady) {
        // It never served (bad config, port taken): its own error is on stderr already.
        stopAll();
        failed(1);
        return;
      }
      logger.error({ code, signal, worker: index }, 'a worker died; starting a new one');
      fork(index + o.count);
    });
  };
  for (let i = 0; i < o.count; i += 1) fork(i);
  o.signals.onStop(() => {
    stopAll();
    failed(0);
  });
  const code = await outcome;
  await Promise.all(
    [...live].map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve()))),
  );
  return code;
}

function announce(io: CliIo, config: GatewayConfig, ready: WorkerReady, count: number): void {
  io.err(
    `Gatehouse is up: ${config.authenticateServiceUrl} (edge port ${ready.port}${ready.adminPort === undefined ? '' : `, admin port ${ready.adminPort}`}, ${count} workers).\n` +
      (ready.sshPort === undefined
        ? ''
        : `Tunnel: ssh -p ${ready.sshPort} -R 0 ${config.ssh.listen.host === '0.0.0.0' ? 'localhost' : config.ssh.listen.host}\n`),
  );
}
