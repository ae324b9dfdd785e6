import pg from 'pg';
import { isGatehouseError, type Clock } from '@gatehouse/core';
import type { Row } from '../sqlite/columns.ts';
import { STORE_ERROR_CODES, storeError } from '../sqlite/errors.ts';

/** What a repository method queries through: the pool, or one client inside a transaction. */
export interface Queryable {
  query(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: Row[]; rowCount: number | null }>;
}

const INT8_OID = 20;

/**
 * Timestamps are BIGINT milliseconds; `pg` returns int8 as a string by default (it may exceed
 * 2^53). Ours never do, and the column readers still refuse anything not a safe integer.
 */
export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return (value: string) => Number(value);
    const parser: unknown = pg.types.getTypeParser(oid, format ?? 'text');
    return parser;
  }) as pg.CustomTypesConfig['getTypeParser'],
};

// SQLSTATE classes that mean "the server is not there for us" rather than "this query is wrong":
// 08 connection exception, 57P01-57P03 admin shutdown / crash / cannot connect now, 53300 too
// many connections (PostgreSQL docs, Appendix A).
const UNAVAILABLE_SQLSTATE = /^(08|57P0[123]|53300)/;
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/** True when `error` says the database cannot be reached (as opposed to a bad query). */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))
  ) {
    return true;
  }
  // pg's own messages for a socket that closed or a pool that timed out waiting for a connection.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    error.message,
  );
}

/**
 * The pool shared by the repositories. Every method goes through `run` or `transaction`, which
 * refuse work after `close()` and give driver failures a stable code: ERR_STORE_UNAVAILABLE when
 * the server cannot be reached (the pool reconnects by itself on the next call), else
 * ERR_STORE_FAILED. `op` names the operation in messages; it never carries data.
 */
export class PostgresConnection {
  readonly pool: pg.Pool;
  readonly clock: Clock;
  #closed = false;

  constructor(pool: pg.Pool, clock: Clock) {
    this.pool = pool;
    this.clock = clock;
  }

  get closed(): boolean {
    return this.#closed;
  }

  async run<T>(op: string, fn: (db: Queryable) => Promise<T>): Promise<T> {
    if (this.#closed) throw storeError(STORE_ERROR_CODES.closed, `store is closed (${op})`);
    try {
      return await fn(this.pool);
    } catch (error) {
      throw wrap(op, error);
    }
  }

  /** Runs `fn` in BEGIN … COMMIT on one client, rolling back when it throws. */
  transaction<T>(op: string, fn: (db: Queryable) => Promise<T>): Promise<T> {
    return this.run(op, async () => {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken =
            rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        // A client whose rollback failed is discarded rather than returned to the pool.
        client.release(broken);
      }
    });
  }

  async close(): Promise<void> {
    if (this.#closed) throw storeError(STORE_ERROR_CODES.closed, 'store is closed (close)');
    this.#closed = true;
    await this.pool.end();
  }
}

function wrap(op: string, error: unknown): Error {
  if (isGatehouseError(error)) return error;
  if (isUnavailable(error)) {
    return storeError(
      STORE_ERROR_CODES.unavailable,
      `store ${op} failed: database unreachable`,
      error,
    );
  }
  return storeError(STORE_ERROR_CODES.failed, `store ${op} failed`, error);
}

/** SQLSTATE 23505: a unique constraint refused the row. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '23505';
}
