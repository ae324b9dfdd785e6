import type { RecordRepository } from '@gatehouse/core';
import { json, toJson } from '../sqlite/columns.ts';
import type { PostgresConnection } from './connection.ts';

// A record is live while `expires_at IS NULL OR now < expires_at`; $3 is always `now`.
const LIVE = '(records.expires_at IS NULL OR records.expires_at > $3)';
const PUT = `INSERT INTO records (kind, key, value, expires_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`;

/**
 * JSON records by (kind, key). Every read-modify-write is one statement: `DELETE … RETURNING`
 * hands a record to exactly one of two concurrent consumers on any node (the row lock makes the
 * second wait and then find nothing), `INSERT … ON CONFLICT DO UPDATE` counts atomically.
 */
export function createPgRecordRepository(conn: PostgresConnection): RecordRepository {
  const value = (rows: readonly Record<string, unknown>[]): unknown => {
    const row = rows[0];
    return row === undefined ? undefined : json(row, 'value');
  };
  return {
    put: (kind, key, v, expiresAt) =>
      conn.run('records.put', async (db) => {
        await db.query(PUT, [kind, key, toJson(v, `record value (${kind})`), expiresAt]);
      }),
    putMany: (records) =>
      conn.transaction('records.putMany', async (db) => {
        // Every value is checked before the first insert; a failure rolls back all of them.
        const rows = records.map((r) => [
          r.kind,
          r.key,
          toJson(r.value, `record value (${r.kind})`),
          r.expiresAt,
        ]);
        for (const row of rows) await db.query(PUT, row);
      }),
    get: (kind, key, now) =>
      conn.run('records.get', async (db) =>
        value(
          (
            await db.query(`SELECT value FROM records WHERE kind = $1 AND key = $2 AND ${LIVE}`, [
              kind,
              key,
              now,
            ])
          ).rows,
        ),
      ),
    consume: (kind, key, now) =>
      conn.run('records.consume', async (db) =>
        value(
          (
            await db.query(
              `DELETE FROM records WHERE kind = $1 AND key = $2 AND ${LIVE} RETURNING value`,
              [kind, key, now],
            )
          ).rows,
        ),
      ),
    delete: (kind, key) =>
      conn.run(
        'records.delete',
        async (db) =>
          ((await db.query('DELETE FROM records WHERE kind = $1 AND key = $2', [kind, key]))
            .rowCount ?? 0) > 0,
      ),
    // Fixed window: an expired counter restarts at 1 with the new window end; a live one keeps
    // its window. In DO UPDATE, `records.` is the stored row and `excluded.` the proposed one.
    increment: (kind, key, now, windowEndsAt) =>
      conn.run('records.increment', async (db) => {
        const { rows } = await db.query(
          `INSERT INTO records (kind, key, value, expires_at) VALUES ($1, $2, '1', $4)
           ON CONFLICT (kind, key) DO UPDATE SET
             value = CASE WHEN ${LIVE} THEN (records.value::bigint + 1)::text ELSE '1' END,
             expires_at = CASE WHEN ${LIVE} THEN records.expires_at ELSE excluded.expires_at END
           RETURNING value`,
          [kind, key, now, windowEndsAt],
        );
        return Number(value(rows));
      }),
    purgeExpired: (now) =>
      conn.run(
        'records.purgeExpired',
        async (db) =>
          (
            await db.query(
              'DELETE FROM records WHERE expires_at IS NOT NULL AND expires_at <= $1',
              [now],
            )
          ).rowCount ?? 0,
      ),
  };
}
