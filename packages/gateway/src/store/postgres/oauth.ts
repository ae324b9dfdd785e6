import type { OAuthRepository } from '@gatehouse/core';
import {
  REVOCATION_RETENTION_MS,
  oauthEntryRow,
  oauthEntryValues,
  toPayload,
  toRevocation,
} from '../rows/oauth.ts';
import type { Row } from '../sqlite/columns.ts';
import type { PostgresConnection } from './connection.ts';

// Live while `expires_at IS NULL OR now < expires_at`; `now` is always $3 where LIVE is used.
const LIVE = '(expires_at IS NULL OR expires_at > $3)';

/**
 * oidc-provider artefacts, as `sqlite/oauth.ts` documents them. Payloads are `jsonb` and read
 * back as text so both adapters share the row readers. Messages never carry an id.
 */
export function createPgOAuthRepository(conn: PostgresConnection): OAuthRepository {
  return { ...entries(conn), ...revocations(conn) };
}

/** The artefacts themselves, by (model, id) and by their indexed lookup columns. */
function entries(
  conn: PostgresConnection,
): Pick<
  OAuthRepository,
  'upsert' | 'find' | 'findByUid' | 'findByUserCode' | 'consume' | 'destroy' | 'listByAccount'
> {
  const payloadOf = (rows: readonly Row[]) => {
    const row = rows[0];
    return row === undefined ? undefined : toPayload(row);
  };
  const now = () => conn.clock.now();
  const lookup = (op: string, column: string) => (model: string, value: string) =>
    conn.run(op, async (db) =>
      payloadOf(
        (
          await db.query(
            `SELECT payload::text AS payload FROM oauth_entries
             WHERE model = $1 AND ${column} = $2 AND ${LIVE} LIMIT 1`,
            [model, value, now()],
          )
        ).rows,
      ),
    );

  return {
    upsert: (model, id, payload, expiresAt) =>
      conn.run('oauth.upsert', async (db) => {
        await db.query(
          `INSERT INTO oauth_entries (model, id, payload, grant_id, uid, user_code, account_id, expires_at)
           VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8)
           ON CONFLICT (model, id) DO UPDATE SET
             payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
             user_code = excluded.user_code, account_id = excluded.account_id,
             expires_at = excluded.expires_at`,
          oauthEntryValues(oauthEntryRow(model, id, payload, expiresAt)),
        );
      }),
    find: lookup('oauth.find', 'id'),
    findByUid: lookup('oauth.findByUid', 'uid'),
    findByUserCode: lookup('oauth.findByUserCode', 'user_code'),
    // One UPDATE: the row lock makes a second concurrent redemption wait, then re-check the
    // WHERE clause on the new row version and match nothing (B10: one code, one winner).
    consume: (model, id) =>
      conn.run('oauth.consume', async (db) => {
        const t = now();
        const { rowCount } = await db.query(
          `UPDATE oauth_entries SET payload = jsonb_set(payload, '{consumed}', to_jsonb($4::bigint))
           WHERE model = $1 AND id = $2 AND ${LIVE} AND NOT (payload ? 'consumed')`,
          [model, id, t, Math.floor(t / 1000)],
        );
        return rowCount === 1;
      }),
    destroy: (model, id) =>
      conn.run('oauth.destroy', async (db) => {
        await db.query('DELETE FROM oauth_entries WHERE model = $1 AND id = $2', [model, id]);
      }),
    listByAccount: (model, accountId) =>
      conn.run('oauth.listByAccount', async (db) =>
        Object.freeze(
          (
            await db.query(
              `SELECT payload::text AS payload FROM oauth_entries
               WHERE model = $1 AND account_id = $2 AND ${LIVE} ORDER BY id COLLATE "C"`,
              [model, accountId, now()],
            )
          ).rows.map(toPayload),
        ),
      ),
  };
}

/** Revoked grants (the revocation cache polls them) and the purge of what expired. */
function revocations(
  conn: PostgresConnection,
): Pick<OAuthRepository, 'revokeByGrantId' | 'revokedGrantsSince' | 'purgeExpired'> {
  const now = () => conn.clock.now();
  return {
    revokeByGrantId: (grantId) =>
      conn.transaction('oauth.revokeByGrantId', async (db) => {
        await db.query(
          `DELETE FROM oauth_entries WHERE grant_id = $1 OR (model = 'Grant' AND id = $1)`,
          [grantId],
        );
        await db.query(
          `INSERT INTO oauth_revocations (grant_id, revoked_at) VALUES ($1, $2)
           ON CONFLICT (grant_id) DO NOTHING`,
          [grantId, now()],
        );
      }),
    revokedGrantsSince: (since) =>
      conn.run('oauth.revokedGrantsSince', async (db) =>
        Object.freeze(
          (
            await db.query(
              `SELECT grant_id, revoked_at FROM oauth_revocations WHERE revoked_at >= $1
               ORDER BY revoked_at, grant_id COLLATE "C"`,
              [since],
            )
          ).rows.map(toRevocation),
        ),
      ),
    purgeExpired: (at) =>
      conn.transaction('oauth.purgeExpired', async (db) => {
        const expired = await db.query(
          'DELETE FROM oauth_entries WHERE expires_at IS NOT NULL AND expires_at <= $1',
          [at],
        );
        const forgotten = await db.query('DELETE FROM oauth_revocations WHERE revoked_at < $1', [
          at - REVOCATION_RETENTION_MS,
        ]);
        return (expired.rowCount ?? 0) + (forgotten.rowCount ?? 0);
      }),
  };
}
