import { stat, writeFile, mkdir, chmod } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { isGatehouseError } from '@gatehouse/core';
import { openSqliteStore } from '../../src/store/index.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();

async function openError(file: string): Promise<unknown> {
  return openSqliteStore(file).then(
    () => expect.fail('open should have failed'),
    (e: unknown) => e,
  );
}

describe('openSqliteStore', () => {
  it('creates a missing parent directory 0700 and the database file 0600', async () => {
    const dir = path.join(await tempDir(), 'data', 'nested');
    const file = path.join(dir, 'g.db');
    const store = await openSqliteStore(file);
    await store.records.put('k', 'k', 1, null);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(`${file}-wal`)).mode & 0o777).toBe(0o600);
    await store.close();
  });

  it('tightens an existing world-readable database file to 0600', async () => {
    const file = path.join(await tempDir(), 'g.db');
    await (await openSqliteStore(file)).close();
    await chmod(file, 0o644);
    await (await openSqliteStore(file)).close();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('leaves the file in WAL journal mode', async () => {
    const file = path.join(await tempDir(), 'g.db');
    await (await openSqliteStore(file)).close();
    const raw = new DatabaseSync(file);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    raw.close();
  });

  it('reports a file that is not a database as ERR_STORE_OPEN naming the path, with a cause', async () => {
    const file = path.join(await tempDir(), 'corrupt.db');
    await writeFile(file, randomBytes(8192));
    const error = await openError(file);
    expect(isGatehouseError(error, 'ERR_STORE_OPEN')).toBe(true);
    expect((error as Error).message).toContain(file);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('reports a path that is a directory as ERR_STORE_OPEN naming the path, with a cause', async () => {
    const file = path.join(await tempDir(), 'is-a-dir.db');
    await mkdir(file);
    const error = await openError(file);
    expect(isGatehouseError(error, 'ERR_STORE_OPEN')).toBe(true);
    expect((error as Error).message).toContain(file);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('rejects every method, and a second close, with ERR_STORE_CLOSED after close', async () => {
    const store = await openSqliteStore(path.join(await tempDir(), 'g.db'));
    await store.close();
    const calls: readonly (() => Promise<unknown>)[] = [
      () => store.accounts.create({ email: 'a@example.com' }),
      () => store.accounts.findById('x'),
      () => store.accounts.findByEmail('a@example.com'),
      () => store.accounts.list(),
      () => store.accounts.update('x', {}),
      () => store.accounts.count(),
      () => store.sessions.get('x'),
      () => store.sessions.touch('x', 1),
      () => store.sessions.delete('x'),
      () => store.sessions.deleteByUser('x'),
      () => store.sessions.listByUser('x'),
      () => store.sessions.countActive(1),
      () => store.sessions.purgeExpired(1),
      () => store.records.put('k', 'k', 1, null),
      () => store.records.get('k', 'k', 1),
      () => store.records.consume('k', 'k', 1),
      () => store.records.delete('k', 'k'),
      () => store.records.increment('k', 'k', 1, 2),
      () => store.records.purgeExpired(1),
      () => store.close(),
    ];
    for (const call of calls) {
      await expect(call()).rejects.toMatchObject({ code: 'ERR_STORE_CLOSED' });
    }
  });
});
