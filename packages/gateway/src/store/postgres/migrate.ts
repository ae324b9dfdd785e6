import type pg from 'pg';
import type { Clock } from '@gatehouse/core';
import { int } from '../sqlite/columns.ts';
import { STORE_ERROR_CODES, storeError } from '../sqlite/errors.ts';
import type { Migration } from '../sqlite/migrations.ts';

/**
 * Key of the session-level advisory lock held while migrating: two nodes starting together on
 * an empty database must not both run migration 1 (PostgreSQL docs §13.3.5). Any constant works;
 * this one is "gatehous" in ASCII as a bigint.
 */
const MIGRATION_LOCK_KEY = '7449363237540164979';

/**
 * Brings the database up to the last of `migrations` on one client, under the advisory lock.
 * Each migration runs in its own transaction together with its `schema_migrations` row, so a
 * failure leaves the database at the previous version. A database at a version we do not know
 * (a newer Gatehouse wrote it) is refused. Returns the versions this call applied.
 */
export async function migratePostgres(
  client: pg.ClientBase,
  migrations: readonly Migration[],
  clock: Clock,
): Promise<readonly number[]> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at BIGINT NOT NULL
    )`);
    const latest = migrations.at(-1)?.version ?? 0;
    const { rows } = await client.query<Record<string, unknown>>(
      'SELECT coalesce(max(version), 0)::integer AS v FROM schema_migrations',
    );
    const current = int(rows[0] ?? {}, 'v');
    if (current > latest) {
      throw storeError(
        STORE_ERROR_CODES.schemaTooNew,
        `database schema version ${current} is newer than this Gatehouse supports (${latest}); ` +
          'upgrade Gatehouse or restore a backup',
      );
    }
    const applied: number[] = [];
    for (const m of migrations) {
      if (m.version <= current) continue;
      try {
        await client.query('BEGIN');
        await client.query(m.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          [m.version, m.name, clock.now()],
        );
        await client.query('COMMIT');
        applied.push(m.version);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw storeError(
          STORE_ERROR_CODES.migration,
          `schema migration ${m.version} (${m.name}) failed`,
          error,
        );
      }
    }
    return applied;
  } finally {
    await client
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
  }
}
