import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHANGE_TOPICS } from '@gatehouse/core';
import { openSqliteStore } from '../../src/store/index.ts';
import { createSessionManager } from '../../src/session/sessions.ts';
import { identity, meta, useSessionManager } from './support.ts';

// The edge answers a signed-in GET from `cachedFromId` without a promise (ADR 0020). It must
// never answer for a session `fromId` would refuse: ended here or on another node, expired,
// idle, or due for its once-a-minute touch.

const fx = useSessionManager({ cacheMs: 5_000 });

/** A session looked up once, so the cache holds it. */
async function loaded(): Promise<string> {
  const { session } = await fx.sessions.start(identity, meta);
  expect((await fx.sessions.fromId(session.id))?.id).toBe(session.id);
  return session.id;
}

describe('a cached session', () => {
  it('is answered from memory only after a lookup, and only while the cache trusts it', async () => {
    const { session } = await fx.sessions.start(identity, meta);
    expect(fx.sessions.cachedFromId(session.id)).toBeUndefined();
    await fx.sessions.fromId(session.id);
    expect(fx.sessions.cachedFromId(session.id)?.userId).toBe('acc_1');
    fx.advance(5_000);
    expect(fx.sessions.cachedFromId(session.id)).toBeUndefined();
    expect((await fx.sessions.fromId(session.id))?.userId).toBe('acc_1');
  });

  it('is gone at once when the session is ended or all of the user’s sessions are', async () => {
    const id = await loaded();
    await fx.sessions.end(id);
    expect(fx.sessions.cachedFromId(id)).toBeUndefined();
    expect(await fx.sessions.fromId(id)).toBeUndefined();
    const other = await loaded();
    await fx.sessions.endAllFor('acc_1');
    expect(fx.sessions.cachedFromId(other)).toBeUndefined();
  });

  it('is gone when another node ends it (the store’s change feed)', async () => {
    const id = await loaded();
    const gone = new Promise<void>((resolve) => {
      const stop = fx.store.changes.subscribe(CHANGE_TOPICS.sessionEnded, () => {
        stop();
        resolve();
      });
    });
    // Another process deleting the row: only the change feed tells this one.
    const elsewhere = await openSqliteStore(join(fx.dir, 'db.sqlite'), { clock: fx.clock });
    await elsewhere.sessions.delete(id);
    await elsewhere.close();
    await gone;
    expect(fx.sessions.cachedFromId(id)).toBeUndefined();
  });

  it('is not answered once it has expired, gone idle, or is due for its touch', async () => {
    const id = await loaded();
    // Due for its touch after a minute: fromId must run (and record the activity).
    fx.advance(60_000);
    expect(fx.sessions.cachedFromId(id)).toBeUndefined();
    expect(await fx.sessions.fromId(id)).toBeDefined();
    expect(fx.sessions.cachedFromId(id)).toBeDefined();

    // Idle: a cache entry still "fresh" by its own clock must not outlive the idle timeout.
    const short = createSessionManager({
      store: fx.store,
      cookieSecret: randomBytes(32),
      lifetimeMs: 10 * 3_600_000,
      idleTimeoutMs: 1_000,
      clock: fx.clock,
      cacheMs: 60_000,
    });
    const { session } = await short.start(identity, meta);
    await short.fromId(session.id);
    expect(short.cachedFromId(session.id)).toBeDefined();
    fx.advance(1_000);
    expect(short.cachedFromId(session.id)).toBeUndefined();
    expect(await short.fromId(session.id)).toBeUndefined();

    // Expired: the same at the absolute lifetime.
    const brief = createSessionManager({
      store: fx.store,
      cookieSecret: randomBytes(32),
      lifetimeMs: 2_000,
      idleTimeoutMs: 0,
      clock: fx.clock,
      cacheMs: 60_000,
    });
    const started = await brief.start(identity, meta);
    await brief.fromId(started.session.id);
    expect(brief.cachedFromId(started.session.id)).toBeDefined();
    fx.advance(2_000);
    expect(brief.cachedFromId(started.session.id)).toBeUndefined();
    expect(await brief.fromId(started.session.id)).toBeUndefined();
  });
});
