import cluster from 'node:cluster';
import { flushCompileCache } from 'node:module';
import { resolve } from 'node:path';
import { GatehouseError, isGatehouseError, type Logger } from '@gatehouse/core';
import { watchConfig, type GatewayConfig } from '@gatehouse/gateway';
import { benchSwitches } from '../bench-switches.ts';
import { startSystem, type GatehouseSystem } from '../system.ts';
import { lastOption, parseArgs } from '../args.ts';
import { configFrom } from '../config.ts';
import type { CliIo } from '../io.ts';
import { createLogger, type ClosableLogger } from '../logger.ts';
import { parseWorkers, runPrimary, STOP_MESSAGE, type WorkerReady } from './workers.ts';
import { endStartUpCap } from '../young-generation.ts';

function box(lines: readonly string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const bar = '─'.repeat(width + 2);
  return [`┌${bar}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${bar}┘`].join('\n') + '\n';
}

/**
 * `gatehouse serve [--config file] [--admin-email e] [--log-level l] [--workers N|auto]`: runs
 * until SIGINT/SIGTERM. The config file is watched; a bad edit is reported and the running config
 * kept. With `--workers N` (N > 1) this process is the primary of N workers (commands/workers.ts),
 * and each worker runs this same command as a cluster node.
 */
export async function serveCommand(
  argv: readonly string[],
  io: CliIo,
  signals: { onStop(handler: () => void): void },
  loggerOverride?: Logger,
): Promise<number> {
  const args = parseArgs(argv, {
    valued: ['config', 'admin-email', 'log-level', 'workers'],
    switches: ['allow-insecure-idp'],
  });
  if (args.positionals.length > 1)
    throw new GatehouseError('ERR_CLI_USAGE', `unexpected argument "${args.positionals[1] ?? ''}"`);
  const configPath = lastOption(args, 'config');
  const config = await configFrom(configPath, io.cwd);
  const own =
    loggerOverride === undefined
      ? createLogger(lastOption(args, 'log-level') ?? 'info')
      : undefined;
  const logger: Logger = loggerOverride ?? (own as ClosableLogger);
  const workers = parseWorkers(lastOption(args, 'workers'));
  if (workers > 1 && cluster.isPrimary) {
    const code = await runPrimary({ count: workers, config, io, logger, signals });
    own?.flush();
    return code;
  }
  // The first worker speaks for all: one first-run link, one "is up" (from the primary).
  const worker = cluster.isWorker;
  const speaks = !worker || process.env['GATEHOUSE_WORKER_INDEX'] === '0';
  const adminEmail = lastOption(args, 'admin-email');
  // Listen for the stop signal before anything is up: a SIGTERM that came between "is up" and
  // a later `process.on` would meet the default action and kill the process mid-line (a
  // supervisor that stops us as soon as we say we are up). A stop during start-up waits for it.
  const stopRequested = new Promise<void>((done) => {
    signals.onStop(done);
    // A worker also stops when its primary says so (a message, not a signal: a terminal's
    // Ctrl-C reaches the workers too, and a second signal means "exit at once").
    if (worker) process.on('message', (m: unknown) => m === STOP_MESSAGE && done());
  });
  const system = await startSystem({
    config,
    logger,
    worker,
    ...(adminEmail === undefined ? {} : { adminEmail }),
    allowInsecureIdentityProviders: args.options.has('allow-insecure-idp'),
    ...benchSwitches(process.env),
  });
  const { gateway } = system;
  if (gateway.firstRunLink !== undefined && speaks) {
    io.err(
      box([
        'No accounts yet. Open this one-time link to create the first admin:',
        gateway.firstRunLink,
        'It works once and expires in 24 hours.',
      ]),
    );
  }
  const watcher =
    configPath === undefined
      ? undefined
      : watchConfig(resolve(io.cwd, configPath), {
          onReload: (next) => gateway.reload(next),
          onError: (error) =>
            logger.error(
              { code: error.code, detail: error.message },
              'config reload failed; keeping the running config',
            ),
        });
  reportUp(io, config, system, worker);
  // Everything `serve` loads at start-up is loaded now: write the compile cache (bin/gatehouse.js)
  // at once rather than at exit, which a SIGKILL never reaches. A no-op without the cache.
  flushCompileCache();
  // Start-up allocations are over: the young generation may grow to its cap under connections.
  endStartUpCap();
  await stopRequested;
  logger.info({}, 'shutting down');
  watcher?.close();
  let code = 0;
  try {
    await system.close();
  } catch (error) {
    logger.error({ code: isGatehouseError(error) ? error.code : 'unknown' }, 'shutdown failed');
    code = 1;
  }
  own?.flush();
  // The IPC channel to the primary would keep this worker alive.
  if (worker) cluster.worker?.disconnect();
  return code;
}

/** A worker tells its primary (which prints one line for all); a single process prints it. */
function reportUp(io: CliIo, config: GatewayConfig, system: GatehouseSystem, worker: boolean) {
  const { gateway, sshPort } = system;
  if (worker) {
    const ready: WorkerReady = {
      type: 'gatehouse-worker-ready',
      port: gateway.port,
      adminPort: gateway.adminPort,
      sshPort,
      nodeId: gateway.nodeId,
    };
    process.send?.(ready);
    return;
  }
  io.err(
    `Gatehouse is up: ${config.authenticateServiceUrl} (edge port ${gateway.port}${gateway.adminPort === undefined ? '' : `, admin port ${gateway.adminPort}`}).\n` +
      (sshPort === undefined
        ? ''
        : `Tunnel: ssh -p ${sshPort} -R 0 ${config.ssh.listen.host === '0.0.0.0' ? 'localhost' : config.ssh.listen.host}\n`),
  );
}
