import type { SessionRecord, SessionRepository } from '@gatehouse/core';
import { int, jsonObject, stringList, text, textOrNull, toJson, type Row } from './columns.ts';
import type { SqliteConnection } from './connection.ts';
import { STORE_ERROR_CODES, storeError } from './errors.ts';

const COLUMNS =
  'id, user_id, email, name, groups_json, claims_json, idp, created_at, last_seen_at, ' +
  'expires_at, ip, user_agent';

/**
 * Sessions by the hash of their cookie token. A session is live while `now < expiresAt`; reads
 * without a `now` parameter (`get`, `listByUser`) take it from the store's clock. Expired rows
 * stay until `purgeExpired`. Error messages never include a session id (it identifies a cookie).
 */
export function createSessionRepository(conn: SqliteConnection): SessionRepository {
  const { db } = conn;
  const insert = db.prepare(
    `INSERT INTO sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
  );
  const byId = db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE id = ? AND expires_at > ?`);
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?');
  const removeByUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const byUser = db.prepare(
    `SELECT ${COLUMNS} FROM sessions WHERE user_id = ? AND expires_at > ?
     ORDER BY created_at DESC, id`,
  );
  const countActive = db.prepare('SELECT count(*) AS n FROM sessions WHERE expires_at > ?');
  const purge = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    create: (s: SessionRecord) =>
      conn.run('sessions.create', () => {
        const { changes } = insert.run(
          s.id,
          s.userId,
          s.email,
          s.name,
          toJson(s.groups, 'session groups'),
          toJson(s.claims, 'session claims'),
          s.idp,
          s.createdAt,
          s.lastSeenAt,
          s.expiresAt,
          s.ip,
          s.userAgent,
        );
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

/** Also reads the PostgreSQL adapter's rows (same column names and encodings). */
export function toSession(row: Row): SessionRecord {
  return Object.freeze({
    id: text(row, 'id'),
    userId: text(row, 'user_id'),
    email: textOrNull(row, 'email'),
    name: textOrNull(row, 'name'),
    groups: stringList(row, 'groups_json'),
    claims: jsonObject(row, 'claims_json'),
    idp: text(row, 'idp'),
    createdAt: int(row, 'created_at'),
    lastSeenAt: int(row, 'last_seen_at'),
    expiresAt: int(row, 'expires_at'),
    ip: textOrNull(row, 'ip'),
    userAgent: textOrNull(row, 'user_agent'),
  });
}
