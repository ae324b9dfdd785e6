/** Reusable signed tokens, bounded so a flood of distinct users cannot grow memory forever. */
export interface TokenCache {
  get(key: string, now: number): string | undefined;
  set(key: string, token: string, reuseUntil: number): void;
}

export function createTokenCache(maxEntries: number): TokenCache {
  const entries = new Map<string, { readonly token: string; readonly reuseUntil: number }>();
  return {
    get(key, now) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (now < entry.reuseUntil) return entry.token;
      entries.delete(key);
      return undefined;
    },
    set(key, token, reuseUntil) {
      entries.delete(key);
      // Maps iterate in insertion order: the first key is the oldest entry.
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(key, { token, reuseUntil });
    },
  };
}
