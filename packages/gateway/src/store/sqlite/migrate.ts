import type { DatabaseSync } from 'node:sqlite';
import type { Clock } from '@gatehouse/core';
import { int, type Row } from './columns.ts';
import { STORE_ERROR_CODES, storeError } from './errors.ts';
import type { Migration } from './migrations.ts';
import { transaction } from './transaction.ts';

/**
 * Brings the database up to the last of `migrations`. Refuses a database that has a version we
 * do not know (written by a newer Gatehouse): running old code on a newer schema could corrupt
 * it. Each migration checks-and-applies under BEGIN IMMEDIATE, so two processes opening the same
 * file at once apply it once. Returns the versions applied by this call.
 */
export function migrate(
  db: DatabaseSync,
  migrations: readonly Migration[],
  clock: Clock,
): readonly number[] {
  assertOrdered(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const latest = migrations.at(-1)?.version ?? 0;
  const current = int(
    db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as Row,
    'v',
  );
  if (current > latest) {
    throw storeError(
      STORE_ERROR_CODES.schemaTooNew,
      `database schema version ${current} is newer than this Gatehouse supports (${latest}); ` +
        'upgrade Gatehouse or restore a backup',
    );
  }
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    try {
      transaction(db, () => {
        if (isApplied.get(m.version) !== undefined) return;
        db.exec(m.sql);
        record.run(m.version, m.name, clock.now());
        applied.push(m.version);
      });
    } catch (error) {
      throw storeError(
        STORE_ERROR_CODES.migration,
        `schema migration ${m.version} (${m.name}) failed`,
        error,
      );
    }
  }
  return applied;
}

function assertOrdered(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.version) || m.version <= previous) {
      throw new Error(`migrations must have strictly increasing positive versions (at ${m.name})`);
    }
    previous = m.version;
  }
}
