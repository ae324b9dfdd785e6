import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GatehouseError } from '@gatehouse/core';
import { osReason } from './errors.ts';
import { parseConfigText } from './parse.ts';
import { resolveConfig } from './resolve.ts';
import { configSchema } from './schema/index.ts';
import type { GatewayConfig } from './types.ts';

/**
 * Reads, validates and resolves a config file; relative paths in it are relative to the file.
 * Throws ERR_CONFIG_READ (naming the path and the OS reason) or ERR_CONFIG_INVALID.
 */
export async function loadConfigFile(path: string): Promise<GatewayConfig> {
  return configFromText(await readConfigText(path), path);
}

/** Validates and resolves the text of the config file at `path`. */
export function configFromText(text: string, path: string): GatewayConfig {
  return resolveConfig(parseConfigText(text, path), {
    baseDir: dirname(resolve(path)),
    source: path,
  });
}

/** The embedded defaults (the schema's): edge 127.0.0.1:8787, builtin sign-in, no routes. */
export function defaultConfig(options: { readonly baseDir: string }): GatewayConfig {
  return resolveConfig(configSchema.parse({}), { baseDir: options.baseDir, source: '<defaults>' });
}

/** The file's text, or ERR_CONFIG_READ. */
export async function readConfigText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new GatehouseError(
      'ERR_CONFIG_READ',
      `cannot read config file ${path}: ${osReason(error)}`,
      { cause: error },
    );
  }
}
