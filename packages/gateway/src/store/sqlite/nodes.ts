import type { NodeRepository } from '@gatehouse/core';
import { toHolder, toNode } from '../rows/nodes.ts';
import type { SqliteConnection } from './connection.ts';
import { transaction } from './transaction.ts';

const HOLDER = `h.route_key, h.node_id, h.connection_id, h.claimed_at, h.local_address, n.internal_address, n.expires_at
  FROM route_holders h JOIN cluster_nodes n ON n.id = h.node_id WHERE n.expires_at > :now`;

/**
 * Cluster nodes and route holders (migration 5). Several processes share the file (WAL, busy
 * timeout in open.ts): every write is one statement or one BEGIN IMMEDIATE transaction, so a
 * writer waits for the lock instead of failing or interleaving.
 */
export function createNodeRepository(conn: SqliteConnection): NodeRepository {
  const { db } = conn;
  const wasLive = db.prepare('SELECT 1 FROM cluster_nodes WHERE id = ? AND expires_at > ?');
  const upsert = db.prepare(
    `INSERT INTO cluster_nodes (id, internal_address, started_at, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET internal_address = excluded.internal_address,
       expires_at = excluded.expires_at`,
  );
  const listLive = db.prepare(
    `SELECT id, internal_address, started_at, expires_at FROM cluster_nodes
     WHERE expires_at > ? ORDER BY started_at, id`,
  );
  const removeNode = db.prepare('DELETE FROM cluster_nodes WHERE id = ?');
  const removeHolders = db.prepare('DELETE FROM route_holders WHERE node_id = ?');
  const claim = db.prepare(
    `INSERT INTO route_holders (route_key, node_id, connection_id, claimed_at, local_address)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT DO UPDATE SET local_address = excluded.local_address`,
  );
  const release = db.prepare(
    'DELETE FROM route_holders WHERE route_key = ? AND node_id = ? AND connection_id = ?',
  );
  const holdersOf = db.prepare(
    `SELECT ${HOLDER} AND h.route_key = :route ORDER BY h.claimed_at, h.node_id, h.connection_id`,
  );
  const listHolders = db.prepare(
    `SELECT ${HOLDER} ORDER BY h.route_key, h.claimed_at, h.node_id, h.connection_id`,
  );
  const purgeNodes = db.prepare('DELETE FROM cluster_nodes WHERE expires_at <= ?');
  const purgeOrphans = db.prepare(
    'DELETE FROM route_holders WHERE node_id NOT IN (SELECT id FROM cluster_nodes)',
  );

  return {
    heartbeat: (n, now) =>
      conn.run('nodes.heartbeat', () =>
        transaction(db, () => {
          const live = wasLive.get(n.id, now) !== undefined;
          upsert.run(n.id, n.internalAddress, n.startedAt, n.expiresAt);
          return live;
        }),
      ),
    listLive: (now) => conn.run('nodes.listLive', () => listLive.all(now).map(toNode)),
    remove: (nodeId) =>
      conn.run('nodes.remove', () => {
        transaction(db, () => {
          removeHolders.run(nodeId);
          removeNode.run(nodeId);
        });
      }),
    claimRoute: (h) =>
      conn.run('nodes.claimRoute', () => {
        claim.run(h.routeKey, h.nodeId, h.connectionId, h.claimedAt, h.localAddress ?? null);
      }),
    releaseRoute: (routeKey, nodeId, connectionId) =>
      conn.run('nodes.releaseRoute', () => release.run(routeKey, nodeId, connectionId).changes > 0),
    holdersOf: (routeKey, now) =>
      conn.run('nodes.holdersOf', () => holdersOf.all({ route: routeKey, now }).map(toHolder)),
    listHolders: (now) =>
      conn.run('nodes.listHolders', () => listHolders.all({ now }).map(toHolder)),
    purgeExpired: (now) =>
      conn.run('nodes.purgeExpired', () =>
        transaction(db, () => {
          const nodes = Number(purgeNodes.run(now).changes);
          return nodes + Number(purgeOrphans.run().changes);
        }),
      ),
  };
}
