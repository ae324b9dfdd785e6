import { existsSync } from 'node:fs';
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
  return createDevHost({
    hostPort: options.port,
    sandboxPort: options.sandboxPort,
    appDir: join(PACKAGE_DIR, 'dist/app'),
    defaultServerUrl: options.serverUrl,
    logger: options.logger,
  });
}
