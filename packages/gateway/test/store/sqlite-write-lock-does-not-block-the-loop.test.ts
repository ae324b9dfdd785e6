import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RecordPut } from '@gatehouse/core';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { useTempDirs } from './temp-dir.ts';

// Under `gatehouse serve --workers N` every worker has its own connection to the one SQLite
// file and group-commits its MCP audit records (putMany). A commit that meets another worker's
// write lock must wait for it without stalling its own event loop: node:sqlite is synchronous,
// and SQLite's busy_timeout waits by sleeping inside the call.

const tempDir = useTempDirs();

const audit = (key: string, n: number): RecordPut => ({
  kind: 'audit',
  key,
  value: { n },
  expiresAt: null,
});

describe('SQLite putMany while another connection holds the write lock', () => {
  it.each([
    ['one record (a single statement)', [audit('a', 1)]],
    ['a batch (one transaction)', [audit('a', 1), audit('b', 2), audit('c', 3)]],
  ])('%s: the event loop keeps turning; it commits once the lock is free', async (_, batch) => {
    const file = path.join(await tempDir(), 'gatehouse.db');
    const store = await openSqliteStore(file);
    // Another worker, in the middle of its own write.
    const other = new DatabaseSync(file);
    other.exec('BEGIN IMMEDIATE');
    other.exec(`INSERT INTO records (kind, key, value) VALUES ('audit', 'other', '0')`);

    let settled = false;
    const put = store.records.putMany(batch).finally(() => (settled = true));
    // A wait inside SQLite would have returned only after busy_timeout, with the put failed.
    for (let turn = 0; turn < 50; turn += 1) await nextTurn();
    expect(settled).toBe(false);
    // Readers are not blocked by a writer (WAL): nothing of the batch is visible yet.
    expect(await store.records.get('audit', 'a', 0)).toBeUndefined();

    other.exec('COMMIT');
    await put;
    for (const record of batch) {
      expect(await store.records.get('audit', record.key, 0)).toEqual(record.value);
    }
    expect(await store.records.get('audit', 'other', 0)).toBe(0);
    other.close();
    await store.close();
  });

  it('refuses a batch with a value that is not JSON at once, lock or not, and writes none of it', async () => {
    const file = path.join(await tempDir(), 'gatehouse.db');
    const store = await openSqliteStore(file);
    const other = new DatabaseSync(file);
    other.exec('BEGIN IMMEDIATE');
    const bad = { kind: 'audit', key: 'bad', value: 1n, expiresAt: null } as RecordPut;
    await expect(store.records.putMany([audit('a', 1), bad])).rejects.toMatchObject({
      code: 'ERR_STORE_INVALID',
    });
    other.exec('ROLLBACK');
    expect(await store.records.get('audit', 'a', 0)).toBeUndefined();
    other.close();
    await store.close();
  });
});
