import type { NodeRepository } from '@gatehouse/core';
import { toHolder, toNode } from '../rows/nodes.ts';
import { int } from '../sqlite/columns.ts';
import type { PostgresConnection } from './connection.ts';

// $1 is always `now`: a holder reads as absent once its node's lease ended.
const HOLDER = `h.route_key, h.node_id, h.connection_id, h.claimed_at, h.local_address,
  n.internal_address, n.expires_at
  FROM route_holders h JOIN cluster_nodes n ON n.id = h.node_id WHERE n.expires_at > $1`;
const HOLDER_ORDER = 'h.claimed_at, h.node_id COLLATE "C", h.connection_id COLLATE "C"';

/** Cluster nodes and route holders (migration 5), as `sqlite/nodes.ts` documents them. */
export function createPgNodeRepository(conn: PostgresConnection): NodeRepository {
  const changed = (r: { rowCount: number | null }) => (r.rowCount ?? 0) > 0;

  return {
    // A transaction-scoped advisory lock per node id makes "was it live?" and the renewal one
    // step, also for the first beat (a row lock needs an existing row).
    heartbeat: (n, now) =>
      conn.transaction('nodes.heartbeat', async (db) => {
        await db.query("SELECT pg_advisory_xact_lock(hashtextextended('node:' || $1, 0))", [n.id]);
        const before = await db.query('SELECT expires_at FROM cluster_nodes WHERE id = $1', [n.id]);
        const row = before.rows[0];
        const live = row !== undefined && int(row, 'expires_at') > now;
        await db.query(
          `INSERT INTO cluster_nodes (id, internal_address, started_at, expires_at)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET internal_address = excluded.internal_address,
             expires_at = excluded.expires_at`,
          [n.id, n.internalAddress, n.startedAt, n.expiresAt],
        );
        return live;
      }),
    listLive: (now) =>
      conn.run('nodes.listLive', async (db) =>
        (
          await db.query(
            `SELECT id, internal_address, started_at, expires_at FROM cluster_nodes
             WHERE expires_at > $1 ORDER BY started_at, id COLLATE "C"`,
            [now],
          )
        ).rows.map(toNode),
      ),
    remove: (nodeId) =>
      conn.transaction('nodes.remove', async (db) => {
        await db.query('DELETE FROM route_holders WHERE node_id = $1', [nodeId]);
        await db.query('DELETE FROM cluster_nodes WHERE id = $1', [nodeId]);
      }),
    claimRoute: (h) =>
      conn.run('nodes.claimRoute', async (db) => {
        await db.query(
          `INSERT INTO route_holders (route_key, node_id, connection_id, claimed_at, local_address)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (route_key, node_id, connection_id)
             DO UPDATE SET local_address = excluded.local_address`,
          [h.routeKey, h.nodeId, h.connectionId, h.claimedAt, h.localAddress ?? null],
        );
      }),
    releaseRoute: (routeKey, nodeId, connectionId) =>
      conn.run('nodes.releaseRoute', async (db) =>
        changed(
          await db.query(
            'DELETE FROM route_holders WHERE route_key = $1 AND node_id = $2 AND connection_id = $3',
            [routeKey, nodeId, connectionId],
          ),
        ),
      ),
    holdersOf: (routeKey, now) =>
      conn.run('nodes.holdersOf', async (db) =>
        (
          await db.query(`SELECT ${HOLDER} AND h.route_key = $2 ORDER BY ${HOLDER_ORDER}`, [
            now,
            routeKey,
          ])
        ).rows.map(toHolder),
      ),
    listHolders: (now) =>
      conn.run('nodes.listHolders', async (db) =>
        (
          await db.query(`SELECT ${HOLDER} ORDER BY h.route_key COLLATE "C", ${HOLDER_ORDER}`, [
            now,
          ])
        ).rows.map(toHolder),
      ),
    purgeExpired: (now) =>
      conn.transaction('nodes.purgeExpired', async (db) => {
        const nodes = await db.query('DELETE FROM cluster_nodes WHERE expires_at <= $1', [now]);
        const orphans = await db.query(
          'DELETE FROM route_holders WHERE node_id NOT IN (SELECT id FROM cluster_nodes)',
        );
        return (nodes.rowCount ?? 0) + (orphans.rowCount ?? 0);
      }),
  };
}
