import { chmod, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { isGatehouseError, systemClock, type Clock, type Store } from '@gatehouse/core';
import { createPolledChangeFeed } from '../changes/polled-feed.ts';
import { withChangePublishing } from '../changes/publishing.ts';
import { createAccountRepository } from './accounts.ts';
import { createCertificateRepository } from './certificates.ts';
import { createSqliteChangeSource } from './changes.ts';
import { BUSY_TIMEOUT_MS, SqliteConnection } from './connection.ts';
import { STORE_ERROR_CODES, storeError } from './errors.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { createNodeRepository } from './nodes.ts';
import { createOAuthRepository } from './oauth.ts';
import { createRecordRepository } from './records.ts';
import { createSessionRepository } from './sessions.ts';
import { createTrafficRepository } from './traffic.ts';
import { createTunnelRepository } from './tunnels.ts';

export interface SqliteStoreOptions {
  /** Source of "now" for created-at stamps and for session expiry in `sessions.get`. */
  readonly clock?: Clock;
}

const CHANGES_POLL_MS = 250;

export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<Store> {
  return openWithMigrations(file, options, MIGRATIONS);
}

/** `openSqliteStore` with a given migration list; tests use it to append one. Not public. */
export async function openWithMigrations(
  file: string,
  options: SqliteStoreOptions,
  migrations: readonly Migration[],
): Promise<Store> {
  const clock = options.clock ?? systemClock;
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    // Create the file ourselves so it never exists with umask permissions; SQLite gives the
    // -wal and -shm files the main file's mode. An existing file is tightened too.
    await (await open(file, 'a', 0o600)).close();
    await chmod(file, 0o600);
  } catch (error) {
    throw storeError(STORE_ERROR_CODES.open, `cannot open store ${file}`, error);
  }

  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS, enableForeignKeyConstraints: true });
    configure(db, file);
    migrate(db, migrations, clock);
  } catch (error) {
    if (db?.isOpen === true) db.close();
    if (isGatehouseError(error)) throw error;
    throw storeError(STORE_ERROR_CODES.open, `cannot open store ${file}`, error);
  }

  const conn = new SqliteConnection(db, clock, file);
  // Other processes on this file are noticed within one poll (CHANGES_POLL_MS).
  const source = createSqliteChangeSource(conn);
  const changes = createPolledChangeFeed(source, {
    startAfter: await source.latestId(),
    clock: systemClock,
    pollMs: CHANGES_POLL_MS,
  });
  return withChangePublishing(
    {
      accounts: createAccountRepository(conn),
      sessions: createSessionRepository(conn),
      records: createRecordRepository(conn),
      oauth: createOAuthRepository(conn),
      tunnels: createTunnelRepository(conn),
      certificates: createCertificateRepository(conn),
      nodes: createNodeRepository(conn),
      traffic: createTrafficRepository(conn),
      close: async () => {
        await changes.close();
        await conn.close();
      },
    },
    changes,
  );
}

function configure(db: DatabaseSync, file: string): void {
  const mode = db.prepare('PRAGMA journal_mode = WAL').get()?.['journal_mode'];
  if (mode !== 'wal') {
    throw storeError(STORE_ERROR_CODES.open, `store ${file} cannot use WAL journaling`);
  }
  // In WAL mode, synchronous=NORMAL makes every committed transaction durable across a crash or
  // SIGKILL of this process (the commit is in the WAL, in the OS page cache). Only an OS crash or
  // power loss can roll back the last few commits, never corrupt the file. That is the right
  // trade for sessions and short-lived records: FULL would fsync on every sign-in and touch.
  // https://www.sqlite.org/pragma.html#pragma_synchronous
  db.exec(`
    PRAGMA synchronous = NORMAL;
    PRAGMA foreign_keys = ON;
    PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};
  `);
}
