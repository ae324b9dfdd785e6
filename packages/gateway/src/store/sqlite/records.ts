import type { RecordRepository } from '@gatehouse/core';
import { json, toJson, type Row } from './columns.ts';
import type { SqliteConnection } from './connection.ts';
import { transaction } from './transaction.ts';

// A record is live while `expires_at IS NULL OR now < expires_at`.
const LIVE = '(expires_at IS NULL OR expires_at > :now)';

/**
 * JSON records by (kind, key). Every read-modify-write is a single SQL statement, so it is
 * atomic across connections and processes without an explicit transaction.
 */
export function createRecordRepository(conn: SqliteConnection): RecordRepository {
  const { db } = conn;
  const put = db.prepare(
    `INSERT INTO records (kind, key, value, expires_at) VALUES (:kind, :key, :value, :expiresAt)
     ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`,
  );
  const get = db.prepare(`SELECT value FROM records WHERE kind = :kind AND key = :key AND ${LIVE}`);
  // One statement: of two consumers, SQLite's write lock lets exactly one see the row.
  const consume = db.prepare(
    `DELETE FROM records WHERE kind = :kind AND key = :key AND ${LIVE} RETURNING value`,
  );
  const remove = db.prepare('DELETE FROM records WHERE kind = :kind AND key = :key');
  // Fixed window: an expired counter restarts at 1 with the new window end; a live one keeps its
  // window. (In DO UPDATE, bare column names are the stored row; all SETs see the old values.)
  const increment = db.prepare(
    `INSERT INTO records (kind, key, value, expires_at) VALUES (:kind, :key, '1', :windowEndsAt)
     ON CONFLICT (kind, key) DO UPDATE SET
       value = CASE WHEN ${LIVE} THEN CAST(CAST(value AS INTEGER) + 1 AS TEXT) ELSE '1' END,
       expires_at = CASE WHEN ${LIVE} THEN expires_at ELSE excluded.expires_at END
     RETURNING value`,
  );
  const purge = db.prepare(
    'DELETE FROM records WHERE expires_at IS NOT NULL AND expires_at <= :now',
  );

  const value = (row: Row | undefined): unknown =>
    row === undefined ? undefined : json(row, 'value');

  return {
    put: (kind, key, v, expiresAt) =>
      conn.run('records.put', () => {
        put.run({ kind, key, value: toJson(v, `record value (${kind})`), expiresAt });
      }),
    // The audit log's group commits: under `--workers`, they meet the other workers' commits,
    // so they wait for the write lock without stalling the event loop (connection.ts).
    putMany: (records) =>
      conn.runWrite('records.putMany', () => {
        // Every value is checked before the transaction: a bad one changes nothing.
        const rows = records.map((r) => ({
          kind: r.kind,
          key: r.key,
          value: toJson(r.value, `record value (${r.kind})`),
          expiresAt: r.expiresAt,
        }));
        // One statement is atomic on its own: BEGIN and COMMIT would only add two statements.
        const [only] = rows;
        if (rows.length === 1 && only !== undefined) put.run(only);
        else
          transaction(db, () => {
            for (const row of rows) put.run(row);
          });
      }),
    get: (kind, key, now) => conn.run('records.get', () => value(get.get({ kind, key, now }))),
    consume: (kind, key, now) =>
      conn.run('records.consume', () => value(consume.get({ kind, key, now }))),
    delete: (kind, key) => conn.run('records.delete', () => remove.run({ kind, key }).changes > 0),
    increment: (kind, key, now, windowEndsAt) =>
      conn.run('records.increment', () => {
        const row = increment.get({ kind, key, now, windowEndsAt });
        return Number(json(row as Row, 'value'));
      }),
    purgeExpired: (now) =>
      conn.run('records.purgeExpired', () => Number(purge.run({ now }).changes)),
  };
}
