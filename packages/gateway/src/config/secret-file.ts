import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { GatehouseError, type Logger } from '@gatehouse/core';
import { osReason } from './errors.ts';

/**
 * A secret file's bytes, or undefined when it does not exist. Warns when other users can read
 * it (a key copied around with the wrong mode) rather than refusing to start.
 */
export async function readSecretFile(
  path: string,
  what: string,
  logger: Logger,
): Promise<Buffer | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    if ((info.mode & 0o004) !== 0) {
      logger.warn(
        { path, mode: (info.mode & 0o777).toString(8) },
        `${what} file is readable by every user on this machine; run chmod 600 on it`,
      );
    }
    return await readFile(path);
  } catch (error) {
    if (osReason(error) === 'no such file') return undefined;
    throw new GatehouseError('ERR_SECRET_READ', `cannot read ${what} ${path}: ${osReason(error)}`, {
      cause: error,
    });
  }
}

/**
 * Creates `path` with `content`, mode 0600, atomically and without replacing a file another
 * process created first (write a temp file, then link it into place). Returns false in that case.
 */
export async function createSecretFile(
  path: string,
  content: string,
  what: string,
): Promise<boolean> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return await publish(temp, path);
  } catch (error) {
    throw new GatehouseError(
      'ERR_SECRET_WRITE',
      `cannot write ${what} ${path}: ${osReason(error)}`,
      {
        cause: error,
      },
    );
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/** Creates a data directory that only this user can enter (0700). */
export async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new GatehouseError(
      'ERR_SECRET_WRITE',
      `cannot create data directory ${dir}: ${osReason(error)}`,
      {
        cause: error,
      },
    );
  }
}

async function publish(temp: string, path: string): Promise<boolean> {
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
  }
  // File systems without hard links: rename, which is atomic but can replace a racing writer.
  if (
    await stat(path).then(
      () => true,
      () => false,
    )
  )
    return false;
  await rename(temp, path);
  return true;
}
