import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { transaction } from '../../src/store/sqlite/transaction.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();

async function rawDb(): Promise<DatabaseSync> {
  const db = new DatabaseSync(path.join(await tempDir(), 't.db'));
  db.exec('CREATE TABLE t (n INTEGER)');
  return db;
}

const count = (db: DatabaseSync) => db.prepare('SELECT count(*) AS n FROM t').get()?.['n'];

describe('sqlite transaction()', () => {
  it('commits all writes and returns the result', async () => {
    const db = await rawDb();
    const result = transaction(db, () => {
      db.exec('INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)');
      return 'done';
    });
    expect(result).toBe('done');
    expect(db.isTransaction).toBe(false);
    expect(count(db)).toBe(2);
    db.close();
  });

  it('rolls back every write when fn throws, and rethrows', async () => {
    const db = await rawDb();
    expect(() =>
      transaction(db, () => {
        db.exec('INSERT INTO t VALUES (1)');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(db.isTransaction).toBe(false);
    expect(count(db)).toBe(0);
    db.close();
  });

  it('refuses an async fn and rolls back what it wrote before its first await', async () => {
    const db = await rawDb();
    expect(() =>
      transaction(db, () => {
        db.exec('INSERT INTO t VALUES (1)');
        return Promise.resolve();
      }),
    ).toThrow(/synchronous/);
    expect(count(db)).toBe(0);
    db.close();
  });

  it('refuses to nest', async () => {
    const db = await rawDb();
    expect(() => transaction(db, () => transaction(db, () => 1))).toThrow(/already inside/);
    expect(db.isTransaction).toBe(false);
    db.close();
  });
});
