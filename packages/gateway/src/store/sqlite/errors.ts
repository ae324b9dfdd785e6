import { GatehouseError } from '@gatehouse/core';

/** Stable codes the stores (SQLite and PostgreSQL) raise. Callers branch on these, never on messages. */
export const STORE_ERROR_CODES = {
  /** The file cannot be opened, is not a database, or the pragmas could not be set. */
  open: 'ERR_STORE_OPEN',
  /** The file was written by a newer Gatehouse (an unknown, higher schema version). */
  schemaTooNew: 'ERR_STORE_SCHEMA_TOO_NEW',
  /** A migration failed; the database is left at the last applied version. */
  migration: 'ERR_STORE_MIGRATION',
  /** The store was closed. */
  closed: 'ERR_STORE_CLOSED',
  /** A unique value (an e-mail address, a session id) is taken. */
  conflict: 'ERR_STORE_CONFLICT',
  /** The row to update does not exist. */
  notFound: 'ERR_STORE_NOT_FOUND',
  /** The caller passed a value the store cannot keep (empty e-mail, non-JSON value). */
  invalid: 'ERR_STORE_INVALID',
  /** A stored row does not have the shape this version writes. */
  corrupt: 'ERR_STORE_CORRUPT',
  /** The database server cannot be reached (PostgreSQL down, connection lost): retry later. */
  unavailable: 'ERR_STORE_UNAVAILABLE',
  /** Any other database failure (disk full, I/O error, lock timeout). */
  failed: 'ERR_STORE_FAILED',
} as const;

export type StoreErrorCode = (typeof STORE_ERROR_CODES)[keyof typeof STORE_ERROR_CODES];

export function storeError(code: StoreErrorCode, message: string, cause?: unknown): GatehouseError {
  return new GatehouseError(code, message, cause === undefined ? undefined : { cause });
}
