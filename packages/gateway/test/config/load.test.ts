import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGatehouseError } from '@gatehouse/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/index.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gh-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadConfigFile', () => {
  it('resolves relative paths against the file, not the working directory', async () => {
    const file = join(dir, 'gatehouse.yaml');
    await writeFile(file, 'data_dir: state\nsigning_key_file: ../keys/k.pem\n');
    const config = await loadConfigFile(file);
    expect(config.source).toBe(file);
    expect(config.dataDir).toBe(join(dir, 'state'));
    expect(config.signingKeyFile).toBe(join(dir, '..', 'keys', 'k.pem'));
  });

  it('names the file in validation errors', async () => {
    const file = join(dir, 'gatehouse.yaml');
    await writeFile(file, 'listn: 1\n');
    await expect(loadConfigFile(file)).rejects.toMatchObject({
      code: 'ERR_CONFIG_INVALID',
      message: `${file}: unknown key "listn" (did you mean "listen"?)`,
    });
  });

  it('a missing file is ERR_CONFIG_READ naming the path and "no such file"', async () => {
    const file = join(dir, 'nope.yaml');
    const error: unknown = await loadConfigFile(file).catch((e: unknown) => e);
    expect(isGatehouseError(error, 'ERR_CONFIG_READ')).toBe(true);
    expect((error as Error).message).toBe(`cannot read config file ${file}: no such file`);
    expect((error as Error).cause).toMatchObject({ code: 'ENOENT' });
  });

  it('a directory is ERR_CONFIG_READ too', async () => {
    const sub = join(dir, 'conf.yaml');
    await mkdir(sub);
    await expect(loadConfigFile(sub)).rejects.toMatchObject({
      code: 'ERR_CONFIG_READ',
      message: `cannot read config file ${sub}: is a directory`,
    });
  });
});
