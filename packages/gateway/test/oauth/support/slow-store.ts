import { setTimeout as sleep } from 'node:timers/promises';
import type { OAuthRepository, Store } from '@gatehouse/core';

/**
 * The real store with a delay before each OAuth call, as a shared database across the network
 * would have. Concurrent requests then really interleave between their reads and writes (in
 * one process with an in-process SQLite they would otherwise run one after the other).
 */
export function withLatency(store: Store, ms: number): Store {
  // The SQLite repository is a plain object of arrow functions, so no `this` to keep.
  const oauth = store.oauth as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const slow: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const [name, method] of Object.entries(oauth)) {
    slow[name] = async (...args: unknown[]) => {
      await sleep(ms);
      return method(...args);
    };
  }
  return { ...store, oauth: slow as unknown as OAuthRepository, close: () => store.close() };
}
