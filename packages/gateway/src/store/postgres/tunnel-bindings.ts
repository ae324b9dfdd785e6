import type { TunnelRepository } from '@gatehouse/core';
import { BINDING_COLUMNS, bindingValues, toBinding } from '../rows/tunnels.ts';
import type { PostgresConnection } from './connection.ts';

const changed = (r: { rowCount: number | null }): boolean => (r.rowCount ?? 0) > 0;

/** SSH key bindings: remembered ones until revoked, the others while their session lives. */
export function pgBindings(
  conn: PostgresConnection,
): Pick<TunnelRepository, 'putBinding' | 'getBinding' | 'touchBinding' | 'listBindings'> {
  return {
    putBinding: (b) =>
      conn.run('tunnels.putBinding', async (db) => {
        await db.query(
          `INSERT INTO tunnel_key_bindings (${BINDING_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (fingerprint) DO UPDATE SET account_id = excluded.account_id,
             public_key = excluded.public_key, remember = excluded.remember,
             created_at = excluded.created_at, last_used_at = excluded.last_used_at,
             expires_at = excluded.expires_at`,
          bindingValues(b),
        );
      }),
    getBinding: (fingerprint, now) =>
      conn.run('tunnels.getBinding', async (db) => {
        const row = (
          await db.query(
            `SELECT ${BINDING_COLUMNS} FROM tunnel_key_bindings
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
    listBindings: (accountId, now) =>
      conn.run('tunnels.listBindings', async (db) =>
        Object.freeze(
          (
            await db.query(
              `SELECT ${BINDING_COLUMNS} FROM tunnel_key_bindings
               WHERE account_id = $1 AND (expires_at IS NULL OR expires_at > $2)
               ORDER BY created_at, fingerprint COLLATE "C"`,
              [accountId, now],
            )
          ).rows.map(toBinding),
        ),
      ),
  };
}

/** Removing bindings: revoked, their SSH session ended, or expired. */
export function pgBindingDeletes(
  conn: PostgresConnection,
): Pick<TunnelRepository, 'deleteBinding' | 'deleteSessionBinding' | 'purgeExpired'> {
  return {
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
