import type { AccessToken } from './token-claims.ts';

/** A token whose signature and claims checked out, remembered until it expires. */
export interface VerifiedEntry {
  readonly token: AccessToken;
  /** The token's single audience. */
  readonly audience: string;
  /** Epoch ms after which the entry must not be used (exp plus the clock tolerance). */
  readonly usableUntil: number;
}

/**
 * A bounded LRU of successful verifications keyed by the exact token string, so the hot path does
 * one ES256 verification per token instead of one per request. Only successes are stored; the
 * caller still checks audience, revocation and disabled users on every hit.
 */
export interface VerifiedCache {
  get(token: string, now: number): VerifiedEntry | undefined;
  set(token: string, entry: VerifiedEntry): void;
  clear(): void;
  readonly size: number;
}

export function createVerifiedCache(maxEntries: number): VerifiedCache {
  const entries = new Map<string, VerifiedEntry>();
  return {
    get(token, now) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      entries.delete(token);
      if (now >= entry.usableUntil) return undefined;
      // Re-insert: Maps iterate in insertion order, so the first key is the least recently used.
      entries.set(token, entry);
      return entry;
    },
    set(token, entry) {
      entries.delete(token);
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(token, entry);
    },
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}
