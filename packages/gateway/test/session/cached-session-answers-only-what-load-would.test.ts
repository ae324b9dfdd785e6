import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANGE_TOPICS, type Store } from '@gatehouse/core';
import { openSqliteStore } from '../../src/store/index.ts';
import { createSessionManager, type SessionManager } from '../../src/session/sessions.ts';

// The edge answers a signed-in GET from `cachedFromId` without a promise (ADR 0020). It must
// never answer for a session `fromId` would refuse: ended here or on another node, expired,
// idle, or due for its once-a-minute touch.

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
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-cached-session-'));
  now = Date.UTC(2026, 0, 1);
  const clock = { now: () => now };
  store = await openSqliteStore(join(dir, 'db.sqlite'), { clock });
  sessions = createSessionManager({
    store,
    cookieSecret: randomBytes(32),
    lifetimeMs: 10 * 3_600_000,
    idleTimeoutMs: 3_600_000,
    clock,
    cacheMs: 5_000,
  });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** A session looked up once, so the cache holds it. */
async function loaded(): Promise<string> {
  const { session } = await sessions.start(identity, meta);
  expect((await sessions.fromId(session.id))?.id).toBe(session.id);
  return session.id;
}

describe('a cached session', () => {
  it('is answered from memory only after a lookup, and only while the cache trusts it', async () => {
    const { session } = await sessions.start(identity, meta);
    expect(sessions.cachedFromId(session.id)).toBeUndefined();
    await sessions.fromId(session.id);
    expect(sessions.cachedFromId(session.id)?.userId).toBe('acc_1');
    now += 5_000;
    expect(sessions.cachedFromId(session.id)).toBeUndefined();
    expect((await sessions.fromId(session.id))?.userId).toBe('acc_1');
  });

  it('is gone at once when the session is ended or all of the user’s sessions are', async () => {
    const id = await loaded();
    await sessions.end(id);
    expect(sessions.cachedFromId(id)).toBeUndefined();
    expect(await sessions.fromId(id)).toBeUndefined();
    const other = await loaded();
    await sessions.endAllFor('acc_1');
    expect(sessions.cachedFromId(other)).toBeUndefined();
  });

  it('is gone when another node ends it (the store’s change feed)', async () => {
    const id = await loaded();
    const gone = new Promise<void>((resolve) => {
      const stop = store.changes.subscribe(CHANGE_TOPICS.sessionEnded, () => {
        stop();
        resolve();
      });
    });
    // Another process deleting the row: only the change feed tells this one.
    const elsewhere = await openSqliteStore(join(dir, 'db.sqlite'), { clock: { now: () => now } });
    await elsewhere.sessions.delete(id);
    await elsewhere.close();
    await gone;
    expect(sessions.cachedFromId(id)).toBeUndefined();
  });

  it('is not answered once it has expired, gone idle, or is due for its touch', async () => {
    const id = await loaded();
    // Due for its touch after a minute: fromId must run (and record the activity).
    now += 60_000;
    expect(sessions.cachedFromId(id)).toBeUndefined();
    expect(await sessions.fromId(id)).toBeDefined();
    expect(sessions.cachedFromId(id)).toBeDefined();

    // Idle: a cache entry still "fresh" by its own clock must not outlive the idle timeout.
    const short = createSessionManager({
      store,
      cookieSecret: randomBytes(32),
      lifetimeMs: 10 * 3_600_000,
      idleTimeoutMs: 1_000,
      clock: { now: () => now },
      cacheMs: 60_000,
    });
    const { session } = await short.start(identity, meta);
    await short.fromId(session.id);
    expect(short.cachedFromId(session.id)).toBeDefined();
    now += 1_000;
    expect(short.cachedFromId(session.id)).toBeUndefined();
    expect(await short.fromId(session.id)).toBeUndefined();

    // Expired: the same at the absolute lifetime.
    const brief = createSessionManager({
      store,
      cookieSecret: randomBytes(32),
      lifetimeMs: 2_000,
      idleTimeoutMs: 0,
      clock: { now: () => now },
      cacheMs: 60_000,
    });
    const started = await brief.start(identity, meta);
    await brief.fromId(started.session.id);
    expect(brief.cachedFromId(started.session.id)).toBeDefined();
    now += 2_000;
    expect(brief.cachedFromId(started.session.id)).toBeUndefined();
    expect(await brief.fromId(started.session.id)).toBeUndefined();
  });
});
