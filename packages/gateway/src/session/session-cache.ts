import { CHANGE_TOPICS, type Clock, type SessionRecord, type Store } from '@gatehouse/core';

const TOUCH_EVERY_MS = 60_000;

export interface SessionCache {
  /** The live session with this id (expired or idle ones are deleted), touched once a minute. */
  load(id: string): Promise<SessionRecord | undefined>;
  /**
   * The session `load` would return at once, without a store call: trusted from memory, live,
   * and not due for its touch. Undefined means only "ask `load`", never "no session".
   */
  cached(id: string): SessionRecord | undefined;
  forget(id: string): void;
  forgetUser(userId: string): void;
}

/**
 * Looked-up sessions, trusted from memory for `cacheMs` to keep the store off the hot path. A
 * session ended on another node or process leaves the cache at once through `store.changes`.
 */
export function createSessionCache(options: {
  readonly store: Store;
  readonly clock: Clock;
  readonly cacheMs: number;
  readonly idleTimeoutMs: number;
}): SessionCache {
  const { store, clock, cacheMs, idleTimeoutMs } = options;
  const cache = new Map<string, { session: SessionRecord; until: number }>();
  const forget = (id: string): void => void cache.delete(id);
  const forgetUser = (userId: string): void => {
    for (const [id, entry] of cache) if (entry.session.userId === userId) cache.delete(id);
  };
  store.changes.subscribe(CHANGE_TOPICS.sessionEnded, (id) => cache.delete(id));
  store.changes.subscribe(CHANGE_TOPICS.userSessionsEnded, forgetUser);

  /** Expired, or idle past the idle timeout: `load` deletes it. */
  const ended = (session: SessionRecord, now: number): boolean =>
    session.expiresAt <= now || (idleTimeoutMs > 0 && session.lastSeenAt + idleTimeoutMs <= now);

  function cached(id: string): SessionRecord | undefined {
    const hit = cache.get(id);
    if (hit === undefined) return undefined;
    const now = clock.now();
    const session = hit.session;
    if (hit.until <= now || ended(session, now) || now - session.lastSeenAt >= TOUCH_EVERY_MS)
      return undefined;
    return session;
  }

  async function load(id: string): Promise<SessionRecord | undefined> {
    const now = clock.now();
    const hit = cache.get(id);
    let session = hit !== undefined && hit.until > now ? hit.session : undefined;
    if (session === undefined) {
      cache.delete(id);
      session = await store.sessions.get(id);
      if (session === undefined) return undefined;
      if (cache.size > 10_000) cache.clear();
      cache.set(id, { session, until: now + cacheMs });
    }
    if (ended(session, now)) {
      cache.delete(id);
      await store.sessions.delete(id);
      return undefined;
    }
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
      const touched = { ...session, lastSeenAt: now };
      cache.set(id, { session: touched, until: now + cacheMs });
      await store.sessions.touch(id, now);
      return touched;
    }
    return session;
  }

  return { load, cached, forget, forgetUser };
}
