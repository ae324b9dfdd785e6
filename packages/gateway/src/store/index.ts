/**
 * The embedded storage adapter: the `Store` port from `@gatehouse/core` on Node's built-in
 * `node:sqlite`, one file under `data_dir`.
 *
 * - `openSqliteStore(file, { clock })` creates the parent directory (0700) and the file (0600),
 *   turns on WAL, `synchronous=NORMAL`, foreign keys and a 5 s busy timeout, and applies pending
 *   migrations (`sqlite/migrations.ts`, append-only). A file written by a newer version is refused
 *   with `ERR_STORE_SCHEMA_TOO_NEW`; an unreadable or corrupt file with `ERR_STORE_OPEN`.
 * - Every method rejects with `ERR_STORE_CLOSED` after `close()`. Other codes: `ERR_STORE_CONFLICT`,
 *   `ERR_STORE_NOT_FOUND`, `ERR_STORE_INVALID`, `ERR_STORE_CORRUPT`, `ERR_STORE_MIGRATION`,
 *   `ERR_STORE_FAILED` (see `sqlite/errors.ts`).
 * - A transaction committed before a crash or SIGKILL survives it.
 *
 * @example
 *   const store = await openSqliteStore(path.join(config.data_dir, 'gatehouse.db'));
 *   const account = await store.accounts.create({ email: 'Ada@example.com' });
 *   await store.close();
 */
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/open.ts';
export { STORE_ERROR_CODES, type StoreErrorCode } from './sqlite/errors.ts';
export {
  openPostgresStore,
  DEFAULT_POOL_SIZE,
  type PostgresStoreOptions,
} from './postgres/open.ts';
export { redactPostgresUrl } from './postgres/url.ts';
export { openConfiguredStore } from './open-configured.ts';
