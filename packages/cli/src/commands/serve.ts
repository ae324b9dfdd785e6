import { resolve } from 'node:path';
import { GatehouseError, isGatehouseError, type Logger } from '@gatehouse/core';
import { watchConfig } from '@gatehouse/gateway';
import { startSystem } from '../system.ts';
import { lastOption, parseArgs } from '../args.ts';
import { configFrom } from '../config.ts';
import type { CliIo } from '../io.ts';
import { createLogger, type ClosableLogger } from '../logger.ts';

function box(lines: readonly string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const bar = '─'.repeat(width + 2);
  return [`┌${bar}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${bar}┘`].join('\n') + '\n';
}

/**
 * `gatehouse serve [--config file] [--admin-email e] [--log-level l]`: runs until SIGINT/SIGTERM.
 * The config file is watched; a bad edit is reported and the running config kept.
 */
export async function serveCommand(
  argv: readonly string[],
  io: CliIo,
  signals: { onStop(handler: () => void): void },
  loggerOverride?: Logger,
): Promise<number> {
  const args = parseArgs(argv, {
    valued: ['config', 'admin-email', 'log-level'],
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
  const adminEmail = lastOption(args, 'admin-email');
  const system = await startSystem({
    config,
    logger,
    ...(adminEmail === undefined ? {} : { adminEmail }),
    allowInsecureIdentityProviders: args.options.has('allow-insecure-idp'),
  });
  const { gateway, sshPort } = system;
  if (gateway.firstRunLink !== undefined) {
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
  io.err(
    `Gatehouse is up: ${config.authenticateServiceUrl} (edge port ${gateway.port}${gateway.adminPort === undefined ? '' : `, admin port ${gateway.adminPort}`}).\n` +
      (sshPort === undefined
        ? ''
        : `Tunnel: ssh -p ${sshPort} -R 0 ${config.ssh.listen.host === '0.0.0.0' ? 'localhost' : config.ssh.listen.host}\n`),
  );
  await new Promise<void>((done) => signals.onStop(done));
  logger.info({}, 'shutting down');
  watcher?.close();
  try {
    await system.close();
  } catch (error) {
    logger.error({ code: isGatehouseError(error) ? error.code : 'unknown' }, 'shutdown failed');
    own?.flush();
    return 1;
  }
  own?.flush();
  return 0;
}
