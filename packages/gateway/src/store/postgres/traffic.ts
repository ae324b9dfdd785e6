import type { TrafficRepository } from '@gatehouse/core';
import { toStoredExchange } from '../rows/traffic.ts';
import { text, toJson } from '../sqlite/columns.ts';
import type { PostgresConnection } from './connection.ts';

// Newest first; `seq` (first insertion) breaks ties within one millisecond, like SQLite's rowid.
const NEWEST = 'ORDER BY at DESC, seq DESC';

/** Persisted MCP captures (migration 7), as `sqlite/traffic.ts` documents them. */
export function createPgTrafficRepository(conn: PostgresConnection): TrafficRepository {
  return {
    append: async (e, keep) => {
      const value = toJson(e.value, 'traffic exchange');
      await conn.transaction('traffic.append', async (db) => {
        // One append per route at a time (across nodes), so the trim sees every committed row
        // and a route never keeps more than `keep`; under READ COMMITTED two concurrent appends
        // would each miss the other's row.
        await db.query("SELECT pg_advisory_xact_lock(hashtextextended('traffic:' || $1, 0))", [
          e.routeId,
        ]);
        await db.query(
          `INSERT INTO mcp_traffic (route_id, id, at, value) VALUES ($1, $2, $3, $4)
           ON CONFLICT (route_id, id) DO UPDATE SET at = excluded.at, value = excluded.value`,
          [e.routeId, e.id, e.at, value],
        );
        await db.query(
          `DELETE FROM mcp_traffic WHERE route_id = $1 AND seq NOT IN (
             SELECT seq FROM mcp_traffic WHERE route_id = $1 ${NEWEST} LIMIT $2)`,
          [e.routeId, keep],
        );
      });
    },
    recent: (routeId, limit) =>
      conn.run('traffic.recent', async (db) =>
        (
          await db.query(
            `SELECT route_id, id, at, value FROM mcp_traffic WHERE route_id = $1 ${NEWEST} LIMIT $2`,
            [routeId, limit],
          )
        ).rows.map(toStoredExchange),
      ),
    routes: () =>
      conn.run('traffic.routes', async (db) =>
        (
          await db.query(
            'SELECT route_id FROM mcp_traffic GROUP BY route_id ORDER BY route_id COLLATE "C"',
          )
        ).rows.map((row) => text(row, 'route_id')),
      ),
  };
}
