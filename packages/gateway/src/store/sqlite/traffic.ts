import type { TrafficRepository } from '@gatehouse/core';
import { toStoredExchange } from '../rows/traffic.ts';
import { text } from './columns.ts';
import type { SqliteConnection } from './connection.ts';
import { transaction } from './transaction.ts';

/** Persisted MCP captures (migration 7): the newest N per route, trimmed on every append. */
export function createTrafficRepository(conn: SqliteConnection): TrafficRepository {
  const { db } = conn;
  const insert = db.prepare(
    `INSERT INTO mcp_traffic (route_id, id, at, value) VALUES (?, ?, ?, ?)
     ON CONFLICT (route_id, id) DO UPDATE SET at = excluded.at, value = excluded.value`,
  );
  const trim = db.prepare(
    `DELETE FROM mcp_traffic WHERE route_id = :route AND rowid NOT IN (
       SELECT rowid FROM mcp_traffic WHERE route_id = :route ORDER BY at DESC, rowid DESC LIMIT :keep)`,
  );
  const recent = db.prepare(
    'SELECT route_id, id, at, value FROM mcp_traffic WHERE route_id = ? ORDER BY at DESC, rowid DESC LIMIT ?',
  );
  const routes = db.prepare('SELECT DISTINCT route_id FROM mcp_traffic ORDER BY route_id');

  return {
    append: (e, keep) =>
      conn.run('traffic.append', () => {
        transaction(db, () => {
          insert.run(e.routeId, e.id, e.at, JSON.stringify(e.value));
          trim.run({ route: e.routeId, keep });
        });
      }),
    recent: (routeId, limit) =>
      conn.run('traffic.recent', () => recent.all(routeId, limit).map(toStoredExchange)),
    routes: () =>
      conn.run('traffic.routes', () => routes.all().map((row) => text(row, 'route_id'))),
  };
}
