import type { DatabaseSync } from 'node:sqlite';
import { isGatehouseError, type Clock } from '@gatehouse/core';
import { STORE_ERROR_CODES, storeError } from './errors.ts';

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
      if (isGatehouseError(error)) return Promise.reject(error);
      return Promise.reject(storeError(STORE_ERROR_CODES.failed, `store ${op} failed`, error));
    }
  }

  close(): Promise<void> {
    return this.run('close', () => {
      this.#closed = true;
      this.db.close();
    });
  }
}
