import pg from 'pg';
import { isGatehouseError, systemClock, type Clock, type Store } from '@gatehouse/core';
import { createPolledChangeFeed } from '../changes/polled-feed.ts';
import { withChangePublishing } from '../changes/publishing.ts';
import { STORE_ERROR_CODES, storeError } from '../sqlite/errors.ts';
import type { Migration } from '../sqlite/migrations.ts';
import { createPgAccountRepository } from './accounts.ts';
import { createPgCertificateRepository } from './certificates.ts';
import { createPgChangeSource } from './changes.ts';
import { PostgresConnection, pgTypes } from './connection.ts';
import { migratePostgres } from './migrate.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';
import { createPgNodeRepository } from './nodes.ts';
import { createPgOAuthRepository } from './oauth.ts';
import { createPgRecordRepository } from './records.ts';
import { createPgSessionRepository } from './sessions.ts';
import { createPgTrafficRepository } from './traffic.ts';
import { createPgTunnelRepository } from './tunnels.ts';
import { redactPostgresUrl } from './url.ts';

export interface PostgresStoreOptions {
  readonly clock?: Clock;
  /**
   * Most connections this process opens (default 10). Each node needs its pool plus one LISTEN
   * connection, so `max_connections` on the server must exceed nodes × (pool_size + 1).
   */
  readonly poolSize?: number;
  /** How long a query waits for a free or new connection before failing (default 5 s). */
  readonly connectTimeoutMs?: number;
}

export const DEFAULT_POOL_SIZE = 10;
const CHANGES_BACKSTOP_POLL_MS = 1_000;

export function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  return openPostgresWithMigrations(url, options, POSTGRES_MIGRATIONS);
}

/** `openPostgresStore` with a given migration list; tests use it to append one. Not public. */
export async function openPostgresWithMigrations(
  url: string,
  options: PostgresStoreOptions,
  migrations: readonly Migration[],
): Promise<Store> {
  const clock = options.clock ?? systemClock;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'gatehouse',
    types: pgTypes,
  });
  // An idle connection that dies (server restart) is dropped by the pool, which opens a new one
  // on the next query; without a listener the 'error' event would crash the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, migrations, clock);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (isGatehouseError(error)) throw error;
    throw storeError(
      STORE_ERROR_CODES.open,
      `cannot open store ${redactPostgresUrl(url)}: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  const conn = new PostgresConnection(pool, clock);
  // NOTIFY wakes every node at once; the poll is the backstop while LISTEN is reconnecting.
  const source = createPgChangeSource(conn, url);
  const changes = createPolledChangeFeed(source, {
    startAfter: await source.latestId(),
    clock: systemClock,
    pollMs: CHANGES_BACKSTOP_POLL_MS,
  });
  return withChangePublishing(
    {
      accounts: createPgAccountRepository(conn),
      sessions: createPgSessionRepository(conn),
      records: createPgRecordRepository(conn),
      oauth: createPgOAuthRepository(conn),
      tunnels: createPgTunnelRepository(conn),
      certificates: createPgCertificateRepository(conn),
      nodes: createPgNodeRepository(conn),
      traffic: createPgTrafficRepository(conn),
      close: async () => {
        if (!conn.closed) await changes.close();
        await conn.close();
      },
    },
    changes,
  );
}
