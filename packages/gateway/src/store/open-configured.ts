import type { Clock, Store } from '@gatehouse/core';
import type { StoreSettings } from '../config/types.ts';
import { openPostgresStore } from './postgres/open.ts';
import { openSqliteStore } from './sqlite/open.ts';

/** The store the config names: SQLite in data_dir by default, or `store.postgres`. */
export function openConfiguredStore(settings: StoreSettings, clock?: Clock): Promise<Store> {
  const options = clock === undefined ? {} : { clock };
  return settings.kind === 'sqlite'
    ? openSqliteStore(settings.file, options)
    : openPostgresStore(settings.url, { ...options, poolSize: settings.poolSize });
}
