import type { SessionRecord, SessionRepository } from '@gatehouse/core';
import { SESSION_COLUMNS, sessionValues, toSession } from '../rows/sessions.ts';
import { int, type Row } from './columns.ts';
import type { SqliteConnection } from './connection.ts';
import { STORE_ERROR_CODES, storeError } from './errors.ts';

/**
 * Sessions by the hash of their cookie token. A session is live while `now < expiresAt`; reads
 * without a `now` parameter (`get`, `listByUser`) take it from the store's clock. Expired rows
 * stay until `purgeExpired`. Error messages never include a session id (it identifies a cookie).
 */
export function createSessionRepository(conn: SqliteConnection): SessionRepository {
  const { db } = conn;
  const insert = db.prepare(
    `INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
  );
  const byId = db.prepare(
    `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ? AND expires_at > ?`,
  );
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?');
  const removeByUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const byUser = db.prepare(
    `SELECT ${SESSION_COLUMNS} FROM sessions WHERE user_id = ? AND expires_at > ?
     ORDER BY created_at DESC, id`,
  );
  const countActive = db.prepare('SELECT count(*) AS n FROM sessions WHERE expires_at > ?');
  const purge = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    create: (s: SessionRecord) =>
      conn.run('sessions.create', () => {
        const { changes } = insert.run(...sessionValues(s));
        if (changes === 0) {
          throw storeError(STORE_ERROR_CODES.conflict, 'a session with this id already exists');
        }
      }),

    get: (id: string) =>
      conn.run('sessions.get', () => {
        const row = byId.get(id, conn.clock.now());
        return row === undefined ? undefined : toSession(row);
      }),

    // A session deleted meanwhile (sign-out in another tab) is not an error for a touch.
    touch: (id: string, lastSeenAt: number) =>
      conn.run('sessions.touch', () => {
        touch.run(lastSeenAt, id);
      }),

    delete: (id: string) => conn.run('sessions.delete', () => remove.run(id).changes > 0),

    deleteByUser: (userId: string) =>
      conn.run('sessions.deleteByUser', () => Number(removeByUser.run(userId).changes)),

    listByUser: (userId: string) =>
      conn.run('sessions.listByUser', () =>
        Object.freeze(byUser.all(userId, conn.clock.now()).map(toSession)),
      ),

    countActive: (now: number) =>
      conn.run('sessions.countActive', () => int(countActive.get(now) as Row, 'n')),

    purgeExpired: (now: number) =>
      conn.run('sessions.purgeExpired', () => Number(purge.run(now).changes)),
  };
}
