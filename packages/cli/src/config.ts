import { join, resolve } from 'node:path';
import { GatehouseError } from '@gatehouse/core';
import {
  configFromText,
  defaultConfig,
  loadConfigFile,
  type GatewayConfig,
} from '@gatehouse/gateway';

/**
 * The config named by --config, or the embedded defaults (data in ./data, or in --data-dir as
 * `npm start -- --data-dir` uses it) when none is given.
 */
export async function configFrom(
  path: string | undefined,
  cwd: string,
  dataDir?: string,
): Promise<GatewayConfig> {
  if (path !== undefined && dataDir !== undefined)
    throw new GatehouseError(
      'ERR_CLI_USAGE',
      '--data-dir cannot be combined with --config: set data_dir in the config file',
    );
  if (path !== undefined) return loadConfigFile(resolve(cwd, path));
  if (dataDir === undefined) return defaultConfig({ baseDir: cwd });
  return configFromText(
    `data_dir: ${JSON.stringify(resolve(cwd, dataDir))}\n`,
    join(cwd, '(defaults)'),
  );
}
