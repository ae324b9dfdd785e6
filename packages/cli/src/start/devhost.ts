import { existsSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatehouseError, type Logger } from '@gatehouse/core';
import type { DevHost } from '@gatehouse/devhost';
import { childEnv, npmInvocation, startChild } from './child.ts';

/** The dev host package's folder (its web app is built into dist/app). */
const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.resolve('@gatehouse/devhost')));

/** True when the dev host's web app has not been built yet (a fresh clone). */
export function devhostNeedsBuild(): boolean {
  return !existsSync(join(PACKAGE_DIR, 'dist/app/index.html'));
}

/** Builds the dev host's web app once (`npm run build` in packages/devhost). */
export async function buildDevhost(onLine: (line: string) => void): Promise<void> {
  const npm = npmInvocation();
  const child = startChild({
    name: 'devhost-build',
    command: npm.command,
    args: [...npm.prefix, 'run', '--silent', 'build'],
    cwd: PACKAGE_DIR,
    env: childEnv({ NODE_ENV: 'production' }),
    onLine,
  });
  const how = await child.exited;
  if (how !== 'exit code 0' || devhostNeedsBuild())
    throw new GatehouseError(
      'ERR_START_DEVHOST_BUILD',
      `Building the dev host failed (${how}). Run npm run build to see why. Its last lines:\n` +
        child
          .tail()
          .map((l) => `  ${l}`)
          .join('\n'),
    );
}

export async function startDevhost(options: {
  readonly port: number;
  readonly sandboxPort: number;
  readonly serverUrl: string;
  readonly logger: Logger;
}): Promise<DevHost> {
  const { createDevHost } = await import('@gatehouse/devhost');
  const devhost = await createDevHost({
    hostPort: options.port,
    sandboxPort: options.sandboxPort,
    appDir: join(PACKAGE_DIR, 'dist/app'),
    defaultServerUrl: options.serverUrl,
    logger: options.logger,
  });
  let v6: { close(): Promise<void> } | undefined;
  try {
    v6 = await holdIpv6Loopback(options.port);
  } catch (error) {
    await devhost.close();
    throw error;
  }
  return {
    ...devhost,
    async close() {
      await v6?.close();
      await devhost.close();
    },
  };
}

/**
 * The dev host listens on 127.0.0.1, but browsers may try `localhost` as [::1] first: hold that
 * port too (relaying to 127.0.0.1), so no other program can take it and receive the dev host's
 * OAuth callbacks (the gateway trusts that callback as this process's own). Where [::1] is not
 * available nobody can listen there either.
 */
function holdIpv6Loopback(port: number): Promise<{ close(): Promise<void> } | undefined> {
  const open = new Set<Socket>();
  const relay = createServer((socket) => {
    const upstream = connect(port, '127.0.0.1');
    open.add(socket).add(upstream);
    socket.once('close', () => open.delete(socket));
    upstream.once('close', () => open.delete(upstream));
    socket.pipe(upstream).pipe(socket);
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.once('error', end);
    upstream.once('error', end);
  });
  return new Promise((resolve, reject) => {
    relay.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT') resolve(undefined);
      else
        reject(
          new GatehouseError(
            'ERR_START_PORT_IN_USE',
            `Port ${String(port)} (dev host) is taken on [::1]: stop the program using it ` +
              `(lsof -i :${String(port)}) or choose another port with --devhost-port.`,
            { cause: error },
          ),
        );
    });
    relay.listen({ port, host: '::1', exclusive: true }, () =>
      resolve({
        close: () =>
          new Promise<void>((done) => {
            // Kept-alive browser connections would hold close() open: end them.
            for (const socket of open) socket.destroy();
            relay.close(() => done());
          }),
      }),
    );
  });
}
