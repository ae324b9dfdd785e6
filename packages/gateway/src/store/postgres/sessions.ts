import type { SessionRecord, SessionRepository } from '@gatehouse/core';
import { SESSION_COLUMNS, sessionValues, toSession } from '../rows/sessions.ts';
import { int } from '../sqlite/columns.ts';
import { STORE_ERROR_CODES, storeError } from '../sqlite/errors.ts';
import type { PostgresConnection } from './connection.ts';

/** Sessions, as `sqlite/sessions.ts` documents them. Messages never include a session id. */
export function createPgSessionRepository(conn: PostgresConnection): SessionRepository {
  return {
    create: (s: SessionRecord) =>
      conn.run('sessions.create', async (db) => {
        const { rowCount } = await db.query(
          `INSERT INTO sessions (${SESSION_COLUMNS})
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING`,
          sessionValues(s),
        );
        if (rowCount === 0) {
          throw storeError(STORE_ERROR_CODES.conflict, 'a session with this id already exists');
        }
      }),
    get: (id) =>
      conn.run('sessions.get', async (db) => {
        const row = (
          await db.query(
            `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1 AND expires_at > $2`,
            [id, conn.clock.now()],
          )
        ).rows[0];
        return row === undefined ? undefined : toSession(row);
      }),
    touch: (id, lastSeenAt) =>
      conn.run('sessions.touch', async (db) => {
        await db.query('UPDATE sessions SET last_seen_at = $1 WHERE id = $2', [lastSeenAt, id]);
      }),
    delete: (id) =>
      conn.run(
        'sessions.delete',
        async (db) =>
          ((await db.query('DELETE FROM sessions WHERE id = $1', [id])).rowCount ?? 0) > 0,
      ),
    deleteByUser: (userId) =>
      conn.run(
        'sessions.deleteByUser',
        async (db) =>
          (await db.query('DELETE FROM sessions WHERE user_id = $1', [userId])).rowCount ?? 0,
      ),
    listByUser: (userId) =>
      conn.run('sessions.listByUser', async (db) =>
        Object.freeze(
          (
            await db.query(
              `SELECT ${SESSION_COLUMNS} FROM sessions WHERE user_id = $1 AND expires_at > $2
               ORDER BY created_at DESC, id COLLATE "C"`,
              [userId, conn.clock.now()],
            )
          ).rows.map(toSession),
        ),
      ),
    countActive: (now) =>
      conn.run('sessions.countActive', async (db) =>
        int(
          (
            await db.query('SELECT count(*)::integer AS n FROM sessions WHERE expires_at > $1', [
              now,
            ])
          ).rows[0] ?? {},
          'n',
        ),
      ),
    purgeExpired: (now) =>
      conn.run(
        'sessions.purgeExpired',
        async (db) =>
          (await db.query('DELETE FROM sessions WHERE expires_at <= $1', [now])).rowCount ?? 0,
      ),
  };
}
