import path from 'node:path';
import type { Clock, Store } from '@gatehouse/core';
import { createTestDatabase } from '@gatehouse/testing/postgres';
import { openPostgresStore, openSqliteStore } from '../../src/store/index.ts';
import { useTempDirs } from './temp-dir.ts';

export type AdapterName = 'sqlite' | 'postgres';

/**
 * One `Store` adapter as the contract suite sees it: `fresh()` makes an empty location (a file
 * path or a database URL) and `open()` opens a store there, as often as a test wants (reopen,
 * two "nodes" on one database).
 */
export interface StoreAdapter {
  readonly name: AdapterName;
  fresh(): Promise<string>;
  open(location: string, options?: { clock?: Clock; poolSize?: number }): Promise<Store>;
}

/** Both adapters, for `describe.each`. Call at a test file's top level (registers cleanup). */
export function storeAdapters(): readonly StoreAdapter[] {
  const tempDir = useTempDirs();
  return [
    {
      name: 'sqlite',
      fresh: async () => path.join(await tempDir(), 'g.db'),
      open: (file, options = {}) => openSqliteStore(file, options),
    },
    {
      name: 'postgres',
      fresh: createTestDatabase,
      // Small pools: many test files share one server.
      open: (url, options = {}) => openPostgresStore(url, { poolSize: 4, ...options }),
    },
  ];
}

/** Opens an empty store of `adapter`. */
export async function openFresh(adapter: StoreAdapter, clock?: Clock): Promise<Store> {
  return adapter.open(await adapter.fresh(), clock === undefined ? {} : { clock });
}
