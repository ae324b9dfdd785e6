import { dirname, resolve } from 'node:path';
import { defaultConfig, loadConfigFile, type GatewayConfig } from '@gatehouse/gateway';

/** The config named by --config, or the embedded defaults (data in ./data) when none is given. */
export async function configFrom(path: string | undefined, cwd: string): Promise<GatewayConfig> {
  if (path === undefined) return defaultConfig({ baseDir: cwd });
  return loadConfigFile(resolve(cwd, path));
}

export const configDir = (path: string | undefined, cwd: string): string =>
  path === undefined ? cwd : dirname(resolve(cwd, path));
