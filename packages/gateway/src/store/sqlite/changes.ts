import { int, text, type Row } from './columns.ts';
import type { SqliteConnection } from './connection.ts';
import type { ChangeSource } from '../changes/polled-feed.ts';

/**
 * The `store_changes` table of one SQLite file (migration 6). Other processes on the same file
 * (`gatehouse users disable`, `--workers`) are noticed through `PRAGMA data_version`, which
 * changes when another connection commits (https://www.sqlite.org/pragma.html#pragma_data_version),
 * so the 250 ms poll costs one pragma unless something was written.
 */
export function createSqliteChangeSource(conn: SqliteConnection): ChangeSource {
  const { db } = conn;
  const append = db.prepare(
    'INSERT INTO store_changes (topic, payload, created_at) VALUES (?, ?, ?)',
  );
  const after = db.prepare(
    'SELECT id, topic, payload FROM store_changes WHERE id > ? ORDER BY id LIMIT 1000',
  );
  const latest = db.prepare('SELECT coalesce(max(id), 0) AS id FROM store_changes');
  const purge = db.prepare('DELETE FROM store_changes WHERE created_at < ?');
  const dataVersion = db.prepare('PRAGMA data_version');
  let lastVersion: number | undefined;

  return {
    append: (topic, payload, now) =>
      conn.run('changes.publish', () => {
        append.run(topic, payload, now);
      }),
    after: (id) =>
      conn.run('changes.read', () =>
        after.all(id).map((row) => ({
          id: int(row, 'id'),
          topic: text(row, 'topic'),
          payload: text(row, 'payload'),
        })),
      ),
    latestId: () => conn.run('changes.read', () => int(latest.get() as Row, 'id')),
    purgeBefore: (at) =>
      conn.run('changes.purge', () => {
        purge.run(at);
      }),
    mayHaveChanged: () => {
      if (!db.isOpen) return false;
      const version = int(dataVersion.get() as Row, 'data_version');
      const changed = version !== lastVersion;
      lastVersion = version;
      return changed;
    },
  };
}
