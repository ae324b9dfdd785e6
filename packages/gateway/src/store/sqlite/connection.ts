import type { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { isGatehouseError, type Clock } from '@gatehouse/core';
import { STORE_ERROR_CODES, storeError } from './errors.ts';

/** How long a write waits for another connection's write lock before it fails. */
export const BUSY_TIMEOUT_MS = 5000;
/** Waits between tries of a write that found the lock taken: short first, then capped. */
const FIRST_RETRY_MS = 1;
const MAX_RETRY_MS = 16;

/** SQLITE_BUSY and its extended codes (https://www.sqlite.org/rescode.html#busy). */
function isBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { errcode } = error as { errcode?: unknown };
  return typeof errcode === 'number' && (errcode & 0xff) === 5;
}

/**
 * One open database shared by the repositories. Every repository method goes through `run`,
 * which refuses work after `close()` and gives raw SQLite failures a stable code.
 */
export class SqliteConnection {
  readonly db: DatabaseSync;
  readonly clock: Clock;
  readonly file: string;
  #closed = false;

  constructor(db: DatabaseSync, clock: Clock, file: string) {
    this.db = db;
    this.clock = clock;
    this.file = file;
  }

  /** `op` names the operation (`accounts.create`) in error messages; it must not carry data. */
  run<T>(op: string, fn: () => T): Promise<T> {
    if (this.#closed) {
      return Promise.reject(storeError(STORE_ERROR_CODES.closed, `store is closed (${op})`));
    }
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return failed(op, error);
    }
  }

  /**
   * `run` for one atomic write (a single statement, or one `transaction()`) that waits for
   * another connection's write lock without blocking the event loop. With `busy_timeout`,
   * SQLite waits by sleeping inside the call, and node:sqlite is synchronous: under
   * `--workers N` every worker's audit commit would stall that worker's whole event loop while
   * another worker commits. Here the try runs with `busy_timeout = 0`; SQLITE_BUSY means nothing
   * was written (the statement or `BEGIN IMMEDIATE` did not get the lock), so it is tried again
   * after a short timer, while the loop serves other requests. After BUSY_TIMEOUT_MS of that, a
   * last try waits the usual way and fails as before. Calls are not ordered among themselves
   * while they wait: a caller that needs order awaits the first (PostgreSQL behaves the same).
   */
  async runWrite<T>(op: string, fn: () => T): Promise<T> {
    const giveUpAt = performance.now() + BUSY_TIMEOUT_MS;
    let wait = FIRST_RETRY_MS;
    while (performance.now() < giveUpAt) {
      if (this.#closed) break; // `run` answers with the closed error
      const attempt = this.#tryWithoutWaiting(op, fn);
      if (attempt !== BUSY) return attempt.value;
      await sleep(wait);
      wait = Math.min(wait * 2, MAX_RETRY_MS);
    }
    return this.run(op, fn);
  }

  /** One try with `busy_timeout = 0`; BUSY when another connection holds the write lock. */
  #tryWithoutWaiting<T>(op: string, fn: () => T): { value: Promise<T> } | typeof BUSY {
    // An exec, not a prepared statement: SQLite applies this pragma when it is prepared. ~1 µs.
    this.db.exec('PRAGMA busy_timeout = 0');
    try {
      return { value: Promise.resolve(fn()) };
    } catch (error) {
      // Outside a transaction after a BUSY: the statement, or BEGIN, wrote nothing.
      if (isBusy(error) && !this.db.isTransaction) return BUSY;
      return { value: failed(op, error) };
    } finally {
      this.db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  close(): Promise<void> {
    return this.run('close', () => {
      this.#closed = true;
      this.db.close();
    });
  }
}

const BUSY = Symbol('busy');

/** A failure of `op` as the stores report it: our own errors as they are, the rest wrapped. */
function failed(op: string, error: unknown): Promise<never> {
  if (isGatehouseError(error)) return Promise.reject(error);
  return Promise.reject(storeError(STORE_ERROR_CODES.failed, `store ${op} failed`, error));
}
