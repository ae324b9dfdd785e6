import pg from 'pg';
import { int, text } from '../sqlite/columns.ts';
import type { ChangeSource } from '../changes/polled-feed.ts';
import { pgTypes, type PostgresConnection } from './connection.ts';

/** The NOTIFY channel; the payload is only a wake-up, the rows carry the changes. */
const CHANNEL = 'gatehouse_changes';
const RECONNECT_MS = 1_000;

/**
 * The `store_changes` table (migration 6) with LISTEN/NOTIFY as the wake-up: `append` inserts
 * and notifies in one statement (a NOTIFY is delivered at commit, PostgreSQL docs "NOTIFY"),
 * and one dedicated connection per process LISTENs, reconnecting by itself. The feed's polling
 * is the backstop for notifications lost while that connection was down.
 */
export function createPgChangeSource(conn: PostgresConnection, url: string): ChangeSource {
  return {
    append: (topic, payload, now) =>
      conn.run('changes.publish', async (db) => {
        await db.query(
          `WITH c AS (
             INSERT INTO store_changes (topic, payload, created_at) VALUES ($1, $2, $3) RETURNING id
           ) SELECT pg_notify('${CHANNEL}', id::text) FROM c`,
          [topic, payload, now],
        );
      }),
    after: (id) =>
      conn.run('changes.read', async (db) =>
        (
          await db.query(
            'SELECT id, topic, payload FROM store_changes WHERE id > $1 ORDER BY id LIMIT 1000',
            [id],
          )
        ).rows.map((row) => ({
          id: int(row, 'id'),
          topic: text(row, 'topic'),
          payload: text(row, 'payload'),
        })),
      ),
    latestId: () =>
      conn.run('changes.read', async (db) =>
        int(
          (await db.query('SELECT coalesce(max(id), 0) AS id FROM store_changes')).rows[0] ?? {},
          'id',
        ),
      ),
    purgeBefore: (at) =>
      conn.run('changes.purge', async (db) => {
        await db.query('DELETE FROM store_changes WHERE created_at < $1', [at]);
      }),
    watch: (wake) => listen(url, wake),
  };
}

/** Keeps one LISTEN connection up until the returned function is called. */
function listen(url: string, wake: () => void): () => void {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const schedule = () => {
    if (stopped || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, RECONNECT_MS);
    retry.unref();
  };

  const connect = async () => {
    const next = new pg.Client({
      connectionString: url,
      types: pgTypes,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      application_name: 'gatehouse-listen',
    });
    // 'error' (server gone) is followed by 'end'; reconnecting happens there.
    next.on('error', () => undefined);
    next.on('end', () => {
      if (client === next) client = undefined;
      schedule();
    });
    next.on('notification', () => wake());
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
    } catch {
      await next.end().catch(() => undefined);
      schedule();
      return;
    }
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
    // Catch up on whatever was published while we were not listening.
    wake();
  };

  void connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    void client?.end().catch(() => undefined);
  };
}
