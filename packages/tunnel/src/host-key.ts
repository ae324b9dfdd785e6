import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@gatehouse/core';

/** The host key file inside the data directory. */
export const HOST_KEY_FILE = 'ssh_host_ed25519_key.pem';

/**
 * The SSH host key (PKCS#8 PEM, ed25519). Created on first start, written 0600 through a
 * temporary file and a rename so a crash never leaves half a key; later starts read it, so
 * clients keep trusting the same host key.
 */
export async function loadOrCreateHostKey(dataDir: string, logger: Logger): Promise<string> {
  const path = join(dataDir, HOST_KEY_FILE);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, pem, { mode: 0o600, flag: 'wx' });
  await rename(temporary, path);
  logger.info({ path }, 'generated the SSH host key');
  return pem;
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
