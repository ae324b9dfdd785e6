import type { OAuthRepository } from '@gatehouse/core';
import { REVOCATION_RETENTION_MS, oauthEntryRow, toPayload, toRevocation } from '../rows/oauth.ts';
import type { Row } from './columns.ts';
import type { SqliteConnection } from './connection.ts';
import { transaction } from './transaction.ts';

export { REVOCATION_RETENTION_MS } from '../rows/oauth.ts';

// An entry is live while `expires_at IS NULL OR now < expires_at`.
const LIVE = '(expires_at IS NULL OR expires_at > :now)';

/**
 * oidc-provider artefacts as JSON payloads by (model, id). Lookup keys (grantId, uid, userCode,
 * accountId) are copied into indexed columns at upsert. Every read-modify-write is a single
 * statement or an IMMEDIATE transaction, so it is atomic across connections and processes.
 * Error messages never carry an id (codes and tokens are ids).
 */
export function createOAuthRepository(conn: SqliteConnection): OAuthRepository {
  return { ...entryWrites(conn), ...entryReads(conn), ...revocations(conn) };
}

/** Writing artefacts: upsert, single-use consumption, destroy. */
function entryWrites(
  conn: SqliteConnection,
): Pick<OAuthRepository, 'upsert' | 'consume' | 'destroy'> {
  const { db } = conn;
  const upsert = db.prepare(
    `INSERT INTO oauth_entries (model, id, payload, grant_id, uid, user_code, account_id, expires_at)
     VALUES (:model, :id, :payload, :grantId, :uid, :userCode, :accountId, :expiresAt)
     ON CONFLICT (model, id) DO UPDATE SET
       payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
       user_code = excluded.user_code, account_id = excluded.account_id,
       expires_at = excluded.expires_at`,
  );
  // One statement: SQLite's write lock lets exactly one of two concurrent consumers match the
  // row while `consumed` is still absent (B10: one code, two redemptions, one winner).
  const consume = db.prepare(
    `UPDATE oauth_entries SET payload = json_set(payload, '$.consumed', :consumed)
     WHERE model = :model AND id = :id AND ${LIVE}
       AND json_type(payload, '$.consumed') IS NULL`,
  );
  const destroy = db.prepare('DELETE FROM oauth_entries WHERE model = :model AND id = :id');

  return {
    upsert: (model, id, payload, expiresAt) =>
      conn.run('oauth.upsert', () => {
        upsert.run(oauthEntryRow(model, id, payload, expiresAt));
      }),
    consume: (model, id) =>
      conn.run('oauth.consume', () => {
        const t = conn.clock.now();
        return consume.run({ model, id, now: t, consumed: Math.floor(t / 1000) }).changes === 1;
      }),
    destroy: (model, id) =>
      conn.run('oauth.destroy', () => {
        destroy.run({ model, id });
      }),
  };
}

/** Reading live artefacts, by (model, id) and by their indexed lookup columns. */
function entryReads(
  conn: SqliteConnection,
): Pick<OAuthRepository, 'find' | 'findByUid' | 'findByUserCode' | 'listByAccount'> {
  const { db } = conn;
  const find = db.prepare(
    `SELECT payload FROM oauth_entries WHERE model = :model AND id = :id AND ${LIVE}`,
  );
  const byUid = db.prepare(
    `SELECT payload FROM oauth_entries WHERE model = :model AND uid = :uid AND ${LIVE} LIMIT 1`,
  );
  const byUserCode = db.prepare(
    `SELECT payload FROM oauth_entries
     WHERE model = :model AND user_code = :userCode AND ${LIVE} LIMIT 1`,
  );
  const byAccount = db.prepare(
    `SELECT payload FROM oauth_entries WHERE model = :model AND account_id = :accountId AND ${LIVE}
     ORDER BY id`,
  );

  const payloadOf = (row: Row | undefined) => (row === undefined ? undefined : toPayload(row));
  const now = () => conn.clock.now();

  return {
    find: (model, id) =>
      conn.run('oauth.find', () => payloadOf(find.get({ model, id, now: now() }))),
    findByUid: (model, uid) =>
      conn.run('oauth.findByUid', () => payloadOf(byUid.get({ model, uid, now: now() }))),
    findByUserCode: (model, userCode) =>
      conn.run('oauth.findByUserCode', () =>
        payloadOf(byUserCode.get({ model, userCode, now: now() })),
      ),
    listByAccount: (model, accountId) =>
      conn.run('oauth.listByAccount', () =>
        Object.freeze(byAccount.all({ model, accountId, now: now() }).map(toPayload)),
      ),
  };
}

/** Revoked grants (the revocation cache polls them) and the purge of what expired. */
function revocations(
  conn: SqliteConnection,
): Pick<OAuthRepository, 'revokeByGrantId' | 'revokedGrantsSince' | 'purgeExpired'> {
  const { db } = conn;
  const revokeEntries = db.prepare(
    `DELETE FROM oauth_entries WHERE grant_id = :grantId OR (model = 'Grant' AND id = :grantId)`,
  );
  const recordRevocation = db.prepare(
    `INSERT INTO oauth_revocations (grant_id, revoked_at) VALUES (:grantId, :now)
     ON CONFLICT (grant_id) DO NOTHING`,
  );
  const revokedSince = db.prepare(
    `SELECT grant_id, revoked_at FROM oauth_revocations WHERE revoked_at >= :since
     ORDER BY revoked_at, grant_id`,
  );
  const purgeEntries = db.prepare(
    'DELETE FROM oauth_entries WHERE expires_at IS NOT NULL AND expires_at <= :now',
  );
  const purgeRevocations = db.prepare('DELETE FROM oauth_revocations WHERE revoked_at < :before');

  return {
    revokeByGrantId: (grantId) =>
      conn.run('oauth.revokeByGrantId', () => {
        transaction(db, () => {
          revokeEntries.run({ grantId });
          recordRevocation.run({ grantId, now: conn.clock.now() });
        });
      }),
    revokedGrantsSince: (since) =>
      conn.run('oauth.revokedGrantsSince', () =>
        Object.freeze(revokedSince.all({ since }).map(toRevocation)),
      ),
    purgeExpired: (at) =>
      conn.run('oauth.purgeExpired', () =>
        transaction(
          db,
          () =>
            Number(purgeEntries.run({ now: at }).changes) +
            Number(purgeRevocations.run({ before: at - REVOCATION_RETENTION_MS }).changes),
        ),
      ),
  };
}
