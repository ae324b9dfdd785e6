import type { Clock, Logger, Store } from '@gatehouse/core';

const PURGE_EVERY_MS = 10 * 60_000;

/** Deletes expired sessions, records, OAuth artifacts and tunnel rows every 10 minutes. */
export function startPurgingExpired(store: Store, clock: Clock, logger: Logger): () => void {
  const purge = setInterval(() => {
    const now = clock.now();
    Promise.all([
      store.sessions.purgeExpired(now),
      store.records.purgeExpired(now),
      store.oauth.purgeExpired(now),
      store.tunnels.purgeExpired(now),
      store.nodes.purgeExpired(now),
    ]).catch((error: unknown) => {
      logger.warn(
        { err: { message: error instanceof Error ? error.message : String(error) } },
        'purge of expired records failed',
      );
    });
  }, PURGE_EVERY_MS);
  purge.unref();
  return () => clearInterval(purge);
}
