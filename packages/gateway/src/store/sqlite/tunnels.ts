import type { TunnelRepository } from '@gatehouse/core';
import { BINDING_COLUMNS, bindingValues, toBinding, toShare } from '../rows/tunnels.ts';
import { text, type Row } from './columns.ts';
import type { SqliteConnection } from './connection.ts';
import { transaction } from './transaction.ts';

const LIVE = '(expires_at IS NULL OR expires_at > :now)';

/** Namespaces, SSH key bindings and route shares of the SSH tunnel (migration 3). */
export function createTunnelRepository(conn: SqliteConnection): TunnelRepository {
  const { db } = conn;
  const namespaceOf = db.prepare('SELECT namespace FROM tunnel_namespaces WHERE account_id = ?');
  const ownerOf = db.prepare('SELECT account_id FROM tunnel_namespaces WHERE namespace = ?');
  // DO NOTHING on either unique column: the caller then reads who owns what.
  const claim = db.prepare(
    'INSERT INTO tunnel_namespaces (account_id, namespace, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const putBinding = db.prepare(
    `INSERT INTO tunnel_key_bindings (${BINDING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (fingerprint) DO UPDATE SET account_id = excluded.account_id,
       public_key = excluded.public_key, remember = excluded.remember,
       created_at = excluded.created_at, last_used_at = excluded.last_used_at,
       expires_at = excluded.expires_at`,
  );
  const getBinding = db.prepare(
    `SELECT ${BINDING_COLUMNS} FROM tunnel_key_bindings WHERE fingerprint = :fingerprint AND ${LIVE}`,
  );
  const touch = db.prepare('UPDATE tunnel_key_bindings SET last_used_at = ? WHERE fingerprint = ?');
  const remove = db.prepare('DELETE FROM tunnel_key_bindings WHERE fingerprint = ?');
  const removeSessionOnly = db.prepare(
    'DELETE FROM tunnel_key_bindings WHERE fingerprint = ? AND remember = 0',
  );
  const listBindings = db.prepare(
    `SELECT ${BINDING_COLUMNS} FROM tunnel_key_bindings WHERE account_id = :accountId AND ${LIVE}
     ORDER BY created_at, fingerprint`,
  );
  const addShare = db.prepare(
    `INSERT INTO tunnel_shares (namespace, route, email, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const removeShare = db.prepare(
    'DELETE FROM tunnel_shares WHERE namespace = ? AND route = ? AND email = ?',
  );
  const listShares = db.prepare(
    'SELECT namespace, route, email, created_at FROM tunnel_shares WHERE namespace = ? ORDER BY route, email',
  );
  const purge = db.prepare(
    'DELETE FROM tunnel_key_bindings WHERE expires_at IS NOT NULL AND expires_at <= ?',
  );

  const column = (row: Row | undefined, name: string): string | undefined =>
    row === undefined ? undefined : text(row, name);

  return {
    namespaceOf: (accountId) =>
      conn.run('tunnels.namespaceOf', () => column(namespaceOf.get(accountId), 'namespace')),
    ownerOf: (namespace) =>
      conn.run('tunnels.ownerOf', () => column(ownerOf.get(namespace), 'account_id')),
    claimNamespace: (accountId, namespace, now) =>
      conn.run('tunnels.claimNamespace', () =>
        transaction(db, () => {
          const existing = column(namespaceOf.get(accountId), 'namespace');
          if (existing !== undefined) return existing;
          return claim.run(accountId, namespace, now).changes > 0 ? namespace : undefined;
        }),
      ),
    putBinding: (b) =>
      conn.run('tunnels.putBinding', () => {
        putBinding.run(...bindingValues(b));
      }),
    getBinding: (fingerprint, now) =>
      conn.run('tunnels.getBinding', () => {
        const row = getBinding.get({ fingerprint, now });
        return row === undefined ? undefined : toBinding(row);
      }),
    touchBinding: (fingerprint, lastUsedAt) =>
      conn.run('tunnels.touchBinding', () => {
        touch.run(lastUsedAt, fingerprint);
      }),
    deleteBinding: (fingerprint) =>
      conn.run('tunnels.deleteBinding', () => remove.run(fingerprint).changes > 0),
    deleteSessionBinding: (fingerprint) =>
      conn.run(
        'tunnels.deleteSessionBinding',
        () => removeSessionOnly.run(fingerprint).changes > 0,
      ),
    listBindings: (accountId, now) =>
      conn.run('tunnels.listBindings', () =>
        Object.freeze(listBindings.all({ accountId, now }).map(toBinding)),
      ),
    addShare: (namespace, route, email, now) =>
      conn.run('tunnels.addShare', () => addShare.run(namespace, route, email, now).changes > 0),
    removeShare: (namespace, route, email) =>
      conn.run('tunnels.removeShare', () => removeShare.run(namespace, route, email).changes > 0),
    listShares: (namespace) =>
      conn.run('tunnels.listShares', () => Object.freeze(listShares.all(namespace).map(toShare))),
    purgeExpired: (now) => conn.run('tunnels.purgeExpired', () => Number(purge.run(now).changes)),
  };
}
