import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `fn` inside `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws. IMMEDIATE takes the
 * write lock up front, so a read-then-write inside `fn` cannot be interleaved with another
 * connection's write (and waits up to busy_timeout instead of failing with SQLITE_BUSY halfway).
 * `fn` must be synchronous: a transaction must not span an `await`. Not re-entrant.
 */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  if (db.isTransaction) throw new Error('transaction(): already inside a transaction');
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    if (result instanceof Promise) {
      throw new Error('transaction(): fn must be synchronous, it returned a Promise');
    }
    db.exec('COMMIT');
    return result;
  } catch (error) {
    // SQLite may already have rolled back on some errors (e.g. SQLITE_FULL).
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
