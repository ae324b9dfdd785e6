import type { TunnelRepository } from '@gatehouse/core';
import { toShare } from '../rows/tunnels.ts';
import { text, type Row } from '../sqlite/columns.ts';
import type { PostgresConnection } from './connection.ts';
import { pgBindingDeletes, pgBindings } from './tunnel-bindings.ts';

const changed = (r: { rowCount: number | null }): boolean => (r.rowCount ?? 0) > 0;

const column = (rows: readonly Row[], name: string): string | undefined => {
  const row = rows[0];
  return row === undefined ? undefined : text(row, name);
};

/** Namespaces, SSH key bindings and route shares of the SSH tunnel (migration 3). */
export function createPgTunnelRepository(conn: PostgresConnection): TunnelRepository {
  return { ...namespaces(conn), ...pgBindings(conn), ...pgBindingDeletes(conn), ...shares(conn) };
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
