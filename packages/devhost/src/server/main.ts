#!/usr/bin/env node
// `gatehouse-devhost`: the composition root of the dev host. Reads flags, starts both servers.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogFn, Logger } from '@gatehouse/core';
import { parseArgs, USAGE, UsageError } from './args.ts';
import type { DevHostArgs } from './args.ts';
import { createDevHost } from './index.ts';
import { NOT_BUILT_MESSAGE } from './host-server.ts';
import { isListenError } from './listen.ts';

const APP_DIR = fileURLToPath(new URL('../../dist/app', import.meta.url));

// Warnings and errors only (e.g. dropped CSP entries), one line each on stderr.
function stderrLog(level: string, bindings: Record<string, unknown>): LogFn {
  return (obj: Record<string, unknown> | string, msg?: string) => {
    const fields = typeof obj === 'string' ? bindings : { ...bindings, ...obj };
    const text = typeof obj === 'string' ? obj : (msg ?? '');
    process.stderr.write(`${level}: ${text} ${JSON.stringify(fields)}\n`);
  };
}
function stderrLogger(bindings: Record<string, unknown> = {}): Logger {
  const quiet: LogFn = () => {};
  return {
    debug: quiet,
    info: quiet,
    warn: stderrLog('warn', bindings),
    error: stderrLog('error', bindings),
    child: (more) => stderrLogger({ ...bindings, ...more }),
  };
}

let args: DevHostArgs | null;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`gatehouse-devhost: ${error.message}\n\n${USAGE}\n`);
  process.exit(64);
}
if (args === null) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const flags = { host: '--port', sandbox: '--sandbox-port' } as const;
try {
  const devHost = await createDevHost({
    hostPort: args.port,
    sandboxPort: args.sandboxPort,
    appDir: APP_DIR,
    defaultServerUrl: args.server,
    logger: stderrLogger(),
  });
  process.stdout.write(`Dev host: ${devHost.hostUrl}\n`);
  if (!existsSync(join(APP_DIR, 'index.html'))) {
    process.stderr.write(`warning: ${NOT_BUILT_MESSAGE}\n`);
  }
  const stop = (): void => {
    void devHost.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (!isListenError(error)) throw error;
  const flag = flags[error.role];
  const problem =
    error.code === 'ERR_DEVHOST_PORT_IN_USE' ? 'is already in use' : 'cannot be opened';
  process.stderr.write(
    `gatehouse-devhost: ${error.role === 'host' ? 'web app' : 'sandbox'} port ${error.port} ` +
      `${problem}. Stop the other process or choose another port with ${flag} <n>.\n`,
  );
  process.exit(1);
}
