import { systemClock, type Clock, type RecordRepository } from '@gatehouse/core';

/**
 * Fixed-window rate limit kept in the Store, so every node of a cluster shares one count
 * (gateways.md L2: the limit is X, not N·X).
 */
export interface RateLimiter {
  hit(key: string): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export function createRateLimiter(options: {
  records: RecordRepository;
  kind: string;
  limit: number;
  windowMs: number;
  clock?: Clock;
}): RateLimiter {
  const clock = options.clock ?? systemClock;
  return {
    async hit(key) {
      const now = clock.now();
      const windowEndsAt = (Math.floor(now / options.windowMs) + 1) * options.windowMs;
      const count = await options.records.increment(options.kind, key, now, windowEndsAt);
      return {
        allowed: count <= options.limit,
        retryAfterSeconds: Math.ceil((windowEndsAt - now) / 1000),
      };
    },
  };
}
