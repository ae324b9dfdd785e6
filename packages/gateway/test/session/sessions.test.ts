import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@gatehouse/core';
import { openSqliteStore } from '../../src/store/index.ts';
import { createSessionManager, type SessionManager } from '../../src/session/sessions.ts';

const identity = {
  userId: 'acc_1',
  email: 'ada@example.com',
  name: null,
  groups: [],
  claims: {},
  idp: 'builtin',
};
const meta = { ip: '127.0.0.1', userAgent: 'test' };

let dir: string;
let store: Store;
let now: number;
let sessions: SessionManager;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-sessions-'));
  now = Date.UTC(2026, 0, 1);
  const clock = { now: () => now };
  store = await openSqliteStore(join(dir, 'db.sqlite'), { clock });
  sessions = createSessionManager({
    store,
    cookieSecret: randomBytes(32),
    lifetimeMs: 10 * 3_600_000,
    idleTimeoutMs: 3_600_000,
    clock,
    cacheMs: 0,
  });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('sessions', () => {
  it('stores only an HMAC of the cookie token', async () => {
    const { token, session } = await sessions.start(identity, meta);
    expect(session.id).not.toContain(token);
    expect(await store.sessions.get(token)).toBeUndefined();
    expect((await sessions.fromToken(token))?.userId).toBe('acc_1');
    const other = token.endsWith('A') ? 'B' : 'A';
    expect(await sessions.fromToken(`${token.slice(0, -1)}${other}`)).toBeUndefined();
  });

  it('ends after the idle timeout, and activity keeps it alive', async () => {
    const { token } = await sessions.start(identity, meta);
    now += 50 * 60_000;
    expect(await sessions.fromToken(token)).toBeDefined(); // seen: idle clock restarts
    now += 50 * 60_000;
    expect(await sessions.fromToken(token)).toBeDefined();
    now += 61 * 60_000;
    expect(await sessions.fromToken(token)).toBeUndefined();
  });

  it('ends at the absolute lifetime however active it is', async () => {
    const { token } = await sessions.start(identity, meta);
    for (let i = 0; i < 10; i += 1) {
      now += 59 * 60_000;
      expect(await sessions.fromToken(token)).toBeDefined();
    }
    now += 11 * 60_000;
    expect(await sessions.fromToken(token)).toBeUndefined();
  });

  it('a route cookie opens only on its own host, and not after the session lifetime', async () => {
    const { session } = await sessions.start(identity, meta);
    const cookie = sessions.routeCookie(session.id, 'app.localhost:8787');
    expect(sessions.openRouteCookie(cookie, 'app.localhost:8787')).toBe(session.id);
    expect(sessions.openRouteCookie(cookie, 'other.localhost:8787')).toBeUndefined();
    now += 11 * 3_600_000;
    expect(sessions.openRouteCookie(cookie, 'app.localhost:8787')).toBeUndefined();
  });
});
