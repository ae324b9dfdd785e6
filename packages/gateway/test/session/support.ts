import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import type { Clock, Store } from '@gatehouse/core';
import { openSqliteStore } from '../../src/store/index.ts';
import { createSessionManager, type SessionManager } from '../../src/session/sessions.ts';

export const identity = {
  userId: 'acc_1',
  email: 'ada@example.com',
  name: null,
  groups: [],
  claims: {},
  idp: 'builtin',
};
export const meta = { ip: '127.0.0.1', userAgent: 'test' };

/** A session manager on a fresh SQLite store per test, on a clock the test moves. */
export interface SessionFixture {
  readonly dir: string;
  readonly store: Store;
  readonly sessions: SessionManager;
  readonly clock: Clock;
  /** Moves the clock forward. */
  advance(ms: number): void;
}

/** Sessions of 10 h lifetime and 1 h idle timeout, starting 2026-01-01, rebuilt before each test. */
export function useSessionManager(options: { readonly cacheMs: number }): SessionFixture {
  let now = 0;
  const clock: Clock = { now: () => now };
  let state: { dir: string; store: Store; sessions: SessionManager } | undefined;
  const current = () => {
    if (state === undefined) throw new Error('the session fixture is only set inside a test');
    return state;
  };
  beforeEach(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-sessions-'));
    now = Date.UTC(2026, 0, 1);
    const store = await openSqliteStore(join(dir, 'db.sqlite'), { clock });
    const sessions = createSessionManager({
      store,
      cookieSecret: randomBytes(32),
      lifetimeMs: 10 * 3_600_000,
      idleTimeoutMs: 3_600_000,
      clock,
      cacheMs: options.cacheMs,
    });
    state = { dir, store, sessions };
  });
  afterEach(async () => {
    const { dir, store } = current();
    state = undefined;
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return current().dir;
    },
    get store() {
      return current().store;
    },
    get sessions() {
      return current().sessions;
    },
    clock,
    advance(ms) {
      now += ms;
    },
  };
}
