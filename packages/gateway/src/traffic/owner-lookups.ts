import type { Clock, Store } from '@gatehouse/core';

/** Owner and viewer lookups are cached this long (shares/owner changes: issue 7's "seconds"). */
const CACHE_MS = 2_000;
/** A cache this full is dropped whole rather than grown without bound. */
const MAX_ENTRIES = 10_000;

/** Who owns a tunnel namespace, and which namespace a user owns, from the store. */
export interface OwnerLookups {
  /** The namespace a viewer owns (the exchanges it may see). */
  namespaceOf(userId: string): Promise<string | undefined>;
  /** The user owning a captured route's namespace. */
  ownerOf(namespace: string): Promise<string | undefined>;
}

/** Store reads on every capture and view would be too many: answers are kept CACHE_MS. */
export function createOwnerLookups(store: Store, clock: Clock): OwnerLookups {
  const owners = new Map<string, { userId: string | undefined; until: number }>();
  const viewers = new Map<string, { namespace: string | undefined; until: number }>();

  async function cached<T>(
    map: Map<string, { until: number } & T>,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const now = clock.now();
    const hit = map.get(key);
    if (hit !== undefined && hit.until > now) return hit;
    const value = await load();
    if (map.size >= MAX_ENTRIES) map.clear();
    map.set(key, { ...value, until: now + CACHE_MS });
    return value;
  }

  return {
    namespaceOf: async (userId) =>
      (
        await cached(viewers, userId, async () => ({
          namespace: await store.tunnels.namespaceOf(userId),
        }))
      ).namespace,
    ownerOf: async (namespace) =>
      (
        await cached(owners, namespace, async () => ({
          userId: await store.tunnels.ownerOf(namespace),
        }))
      ).userId,
  };
}
