import type { TunnelRepository } from '@gatehouse/core';
import { text, type Row } from '../sqlite/columns.ts';
import { toBinding, toShare } from '../sqlite/tunnels.ts';
import type { PostgresConnection } from './connection.ts';

const BINDING =
  'fingerprint, account_id, public_key, remember, created_at, last_used_at, expires_at';

type Changed = { rowCount: number | null };
const changed = (r: Changed): boolean => (r.rowCount ?? 0) > 0;

const column = (rows: readonly Row[], name: string): string | undefined => {
  const row = rows[0];
  return row === undefined ? undefined : text(row, name);
};

/** Namespaces, SSH key bindings and route shares of the SSH tunnel (migration 3). */
export function createPgTunnelRepository(conn: PostgresConnection): TunnelRepository {
  return { ...namespaces(conn), ...bindings(conn), ...shares(conn) };
}

/** Each account's namespace; both columns are unique. */
function namespaces(
  conn: PostgresConnection,
): Pick<TunnelRepository, 'namespaceOf' | 'ownerOf' | 'claimNamespace'> {
  return {
    namespaceOf: (accountId) =>
      conn.run('tunnels.namespaceOf', async (db) =>
        column(
          (
            await db.query('SELECT namespace FROM tunnel_namespaces WHERE account_id = $1', [
              accountId,
            ])
          ).rows,
          'namespace',
        ),
      ),
    ownerOf: (namespace) =>
      conn.run('tunnels.ownerOf', async (db) =>
        column(
          (
            await db.query('SELECT account_id FROM tunnel_namespaces WHERE namespace = $1', [
              namespace,
            ])
          ).rows,
          'account_id',
        ),
      ),
    // Insert-or-nothing on either unique column, then read who has what: correct under races on
    // any node without a lock (the conflicting insert waits for the other's commit).
    claimNamespace: (accountId, namespace, now) =>
      conn.run('tunnels.claimNamespace', async (db) => {
        const inserted = await db.query(
          `INSERT INTO tunnel_namespaces (account_id, namespace, created_at) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING`,
          [accountId, namespace, now],
        );
        if (changed(inserted)) return namespace;
        return column(
          (
            await db.query('SELECT namespace FROM tunnel_namespaces WHERE account_id = $1', [
              accountId,
            ])
          ).rows,
          'namespace',
        );
      }),
  };
}

/** SSH key bindings: remembered ones until revoked, the others while their session lives. */
function bindings(
  conn: PostgresConnection,
): Pick<
  TunnelRepository,
  | 'putBinding'
  | 'getBinding'
  | 'touchBinding'
  | 'deleteBinding'
  | 'deleteSessionBinding'
  | 'listBindings'
  | 'purgeExpired'
> {
  return {
    putBinding: (b) =>
      conn.run('tunnels.putBinding', async (db) => {
        await db.query(
          `INSERT INTO tunnel_key_bindings (${BINDING}) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (fingerprint) DO UPDATE SET account_id = excluded.account_id,
             public_key = excluded.public_key, remember = excluded.remember,
             created_at = excluded.created_at, last_used_at = excluded.last_used_at,
             expires_at = excluded.expires_at`,
          [
            b.fingerprint,
            b.accountId,
            b.publicKey,
            b.remember ? 1 : 0,
            b.createdAt,
            b.lastUsedAt,
            b.expiresAt,
          ],
        );
      }),
    getBinding: (fingerprint, now) =>
      conn.run('tunnels.getBinding', async (db) => {
        const row = (
          await db.query(
            `SELECT ${BINDING} FROM tunnel_key_bindings
             WHERE fingerprint = $1 AND (expires_at IS NULL OR expires_at > $2)`,
            [fingerprint, now],
          )
        ).rows[0];
        return row === undefined ? undefined : toBinding(row);
      }),
    touchBinding: (fingerprint, lastUsedAt) =>
      conn.run('tunnels.touchBinding', async (db) => {
        await db.query('UPDATE tunnel_key_bindings SET last_used_at = $1 WHERE fingerprint = $2', [
          lastUsedAt,
          fingerprint,
        ]);
      }),
    deleteBinding: (fingerprint) =>
      conn.run('tunnels.deleteBinding', async (db) =>
        changed(
          await db.query('DELETE FROM tunnel_key_bindings WHERE fingerprint = $1', [fingerprint]),
        ),
      ),
    deleteSessionBinding: (fingerprint) =>
      conn.run('tunnels.deleteSessionBinding', async (db) =>
        changed(
          await db.query(
            'DELETE FROM tunnel_key_bindings WHERE fingerprint = $1 AND remember = 0',
            [fingerprint],
          ),
        ),
      ),
    listBindings: (accountId, now) =>
      conn.run('tunnels.listBindings', async (db) =>
        Object.freeze(
          (
            await db.query(
              `SELECT ${BINDING} FROM tunnel_key_bindings
               WHERE account_id = $1 AND (expires_at IS NULL OR expires_at > $2)
               ORDER BY created_at, fingerprint COLLATE "C"`,
              [accountId, now],
            )
          ).rows.map(toBinding),
        ),
      ),
    purgeExpired: (now) =>
      conn.run(
        'tunnels.purgeExpired',
        async (db) =>
          (
            await db.query(
              'DELETE FROM tunnel_key_bindings WHERE expires_at IS NOT NULL AND expires_at <= $1',
              [now],
            )
          ).rowCount ?? 0,
      ),
  };
}

/** Other users allowed on one route of a namespace. */
function shares(
  conn: PostgresConnection,
): Pick<TunnelRepository, 'addShare' | 'removeShare' | 'listShares'> {
  return {
    addShare: (namespace, route, email, now) =>
      conn.run('tunnels.addShare', async (db) =>
        changed(
          await db.query(
            `INSERT INTO tunnel_shares (namespace, route, email, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING`,
            [namespace, route, email, now],
          ),
        ),
      ),
    removeShare: (namespace, route, email) =>
      conn.run('tunnels.removeShare', async (db) =>
        changed(
          await db.query(
            'DELETE FROM tunnel_shares WHERE namespace = $1 AND route = $2 AND email = $3',
            [namespace, route, email],
          ),
        ),
      ),
    listShares: (namespace) =>
      conn.run('tunnels.listShares', async (db) =>
        Object.freeze(
          (
            await db.query(
              `SELECT namespace, route, email, created_at FROM tunnel_shares WHERE namespace = $1
               ORDER BY route COLLATE "C", email COLLATE "C"`,
              [namespace],
            )
          ).rows.map(toShare),
        ),
      ),
  };
}
