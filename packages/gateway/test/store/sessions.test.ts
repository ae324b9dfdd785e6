import { describe, expect, it } from 'vitest';
import type { SessionRecord, Store } from '@gatehouse/core';
import { openFresh, storeAdapters } from './adapters.ts';
import { manualClock, type ManualClock } from './temp-dir.ts';

const adapters = storeAdapters();

function session(id: string, over: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id,
    userId: 'acc_1',
    email: 'ada@example.com',
    name: 'Ada',
    groups: ['ops'],
    claims: { hd: 'example.com', email_verified: true, nested: { a: [1, 2] } },
    idp: 'builtin',
    createdAt: 10_000,
    lastSeenAt: 10_000,
    expiresAt: 20_000,
    ip: '127.0.0.1',
    userAgent: 'test-agent',
    ...over,
  };
}

describe.each(adapters)('$name sessions', (adapter) => {
  const open = async (): Promise<{ store: Store; clock: ManualClock }> => {
    const clock = manualClock(10_000);
    return { store: await openFresh(adapter, clock), clock };
  };

  it('round-trips every field, including JSON groups and claims', async () => {
    const { store } = await open();
    const s = session('s1');
    await store.sessions.create(s);
    expect(await store.sessions.get('s1')).toEqual(s);
    const bare = session('s2', {
      email: null,
      name: null,
      groups: [],
      claims: {},
      ip: null,
      userAgent: null,
    });
    await store.sessions.create(bare);
    expect(await store.sessions.get('s2')).toEqual(bare);
    expect(await store.sessions.get('nope')).toBeUndefined();
    await store.close();
  });

  it('rejects a duplicate id with ERR_STORE_CONFLICT without naming the id', async () => {
    const { store } = await open();
    await store.sessions.create(session('secret-hash'));
    const error = await store.sessions.create(session('secret-hash')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_STORE_CONFLICT' });
    expect((error as Error).message).not.toContain('secret-hash');
    await store.close();
  });

  it('reads an expired session as absent, by the store clock', async () => {
    const { store, clock } = await open();
    await store.sessions.create(session('s1', { expiresAt: 20_000 }));
    clock.set(19_999);
    expect(await store.sessions.get('s1')).toBeDefined();
    clock.set(20_000);
    expect(await store.sessions.get('s1')).toBeUndefined();
    expect(await store.sessions.listByUser('acc_1')).toEqual([]);
    await store.close();
  });

  it('touches lastSeenAt and ignores a touch of a missing session', async () => {
    const { store } = await open();
    await store.sessions.create(session('s1'));
    await store.sessions.touch('s1', 15_000);
    expect((await store.sessions.get('s1'))?.lastSeenAt).toBe(15_000);
    await expect(store.sessions.touch('gone', 15_000)).resolves.toBeUndefined();
    await store.close();
  });

  it('lists, deletes and deletes-by-user per user', async () => {
    const { store } = await open();
    await store.sessions.create(session('a1', { createdAt: 1 }));
    await store.sessions.create(session('a2', { createdAt: 2 }));
    await store.sessions.create(session('b1', { userId: 'google:42' }));
    expect((await store.sessions.listByUser('acc_1')).map((s) => s.id)).toEqual(['a2', 'a1']);
    expect(await store.sessions.delete('a2')).toBe(true);
    expect(await store.sessions.delete('a2')).toBe(false);
    await store.sessions.create(session('a3'));
    expect(await store.sessions.deleteByUser('acc_1')).toBe(2);
    expect(await store.sessions.listByUser('acc_1')).toEqual([]);
    expect((await store.sessions.listByUser('google:42')).map((s) => s.id)).toEqual(['b1']);
    await store.close();
  });

  it('counts active sessions and purges only expired ones', async () => {
    const { store } = await open();
    await store.sessions.create(session('old', { expiresAt: 15_000 }));
    await store.sessions.create(session('edge', { expiresAt: 16_000 }));
    await store.sessions.create(session('new', { expiresAt: 30_000 }));
    expect(await store.sessions.countActive(10_000)).toBe(3);
    expect(await store.sessions.countActive(16_000)).toBe(1);
    expect(await store.sessions.purgeExpired(16_000)).toBe(2);
    expect(await store.sessions.countActive(0)).toBe(1);
    expect(await store.sessions.get('new')).toBeDefined();
    await store.close();
  });
});
