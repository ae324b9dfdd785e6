import { describe, expect, it } from 'vitest';
import type { Store } from '@gatehouse/core';
import { openFresh, storeAdapters } from './adapters.ts';

const adapters = storeAdapters();

describe.each(adapters)('$name records', (adapter) => {
  const open = (): Promise<Store> => openFresh(adapter);

  it('puts, replaces, gets and deletes JSON values by (kind, key)', async () => {
    const store = await open();
    await store.records.put('signin', 'k', { state: 'x', n: [1, null] }, null);
    await store.records.put('other', 'k', 'a string', null);
    expect(await store.records.get('signin', 'k', 0)).toEqual({ state: 'x', n: [1, null] });
    expect(await store.records.get('other', 'k', 0)).toBe('a string');
    await store.records.put('signin', 'k', 42, null);
    expect(await store.records.get('signin', 'k', 0)).toBe(42);
    expect(await store.records.delete('signin', 'k')).toBe(true);
    expect(await store.records.delete('signin', 'k')).toBe(false);
    expect(await store.records.get('signin', 'k', 0)).toBeUndefined();
    expect(await store.records.get('other', 'k', 0)).toBe('a string');
    await store.close();
  });

  it('reads a record as absent from its expiry on, and consume leaves it absent', async () => {
    const store = await open();
    await store.records.put('link', 'k', { a: 1 }, 100);
    expect(await store.records.get('link', 'k', 99)).toEqual({ a: 1 });
    expect(await store.records.get('link', 'k', 100)).toBeUndefined();
    expect(await store.records.consume('link', 'k', 100)).toBeUndefined();
    expect(await store.records.consume('link', 'k', 99)).toEqual({ a: 1 });
    expect(await store.records.get('link', 'k', 0)).toBeUndefined();
    expect(await store.records.consume('link', 'k', 0)).toBeUndefined();
    await store.close();
  });

  it('keeps a null (JSON) value distinct from a missing record', async () => {
    const store = await open();
    await store.records.put('k', 'null', null, null);
    expect(await store.records.get('k', 'null', 0)).toBeNull();
    expect(await store.records.consume('k', 'null', 0)).toBeNull();
    await store.close();
  });

  it('refuses a value that is not JSON with ERR_STORE_INVALID and stores nothing', async () => {
    const store = await open();
    await expect(store.records.put('k', 'a', undefined, null)).rejects.toMatchObject({
      code: 'ERR_STORE_INVALID',
    });
    await expect(store.records.put('k', 'a', { n: 1n }, null)).rejects.toMatchObject({
      code: 'ERR_STORE_INVALID',
    });
    expect(await store.records.get('k', 'a', 0)).toBeUndefined();
    await store.close();
  });

  it('putMany stores every record in order, a later one replacing an earlier with its key', async () => {
    const store = await open();
    await store.records.putMany([
      { kind: 'audit', key: 'a', value: { n: 1 }, expiresAt: null },
      { kind: 'audit', key: 'b', value: 'two', expiresAt: 100 },
      { kind: 'audit', key: 'a', value: { n: 3 }, expiresAt: null },
    ]);
    expect(await store.records.get('audit', 'a', 0)).toEqual({ n: 3 });
    expect(await store.records.get('audit', 'b', 99)).toBe('two');
    expect(await store.records.get('audit', 'b', 100)).toBeUndefined();
    await store.records.putMany([]);
    await store.close();
  });

  it('putMany refuses all of them with ERR_STORE_INVALID when one value is not JSON', async () => {
    const store = await open();
    await expect(
      store.records.putMany([
        { kind: 'audit', key: 'good', value: 1, expiresAt: null },
        { kind: 'audit', key: 'bad', value: { n: 1n }, expiresAt: null },
      ]),
    ).rejects.toMatchObject({ code: 'ERR_STORE_INVALID' });
    expect(await store.records.get('audit', 'good', 0)).toBeUndefined();
    await store.close();
  });

  it('purges only expired records', async () => {
    const store = await open();
    await store.records.put('k', 'forever', 1, null);
    await store.records.put('k', 'old', 1, 50);
    await store.records.put('k', 'edge', 1, 60);
    await store.records.put('k', 'new', 1, 61);
    expect(await store.records.purgeExpired(60)).toBe(2);
    expect(await store.records.get('k', 'forever', 60)).toBe(1);
    expect(await store.records.get('k', 'new', 60)).toBe(1);
    expect(await store.records.purgeExpired(60)).toBe(0);
    await store.close();
  });

  it('counts within a fixed window and restarts at 1 once the window has ended', async () => {
    const store = await open();
    expect(await store.records.increment('rl', 'ip', 0, 1000)).toBe(1);
    // A later call's windowEndsAt does not extend the running window.
    expect(await store.records.increment('rl', 'ip', 500, 1500)).toBe(2);
    expect(await store.records.increment('rl', 'ip', 999, 1999)).toBe(3);
    expect(await store.records.get('rl', 'ip', 999)).toBe(3);
    expect(await store.records.get('rl', 'ip', 1000)).toBeUndefined();
    expect(await store.records.increment('rl', 'ip', 1000, 2000)).toBe(1);
    expect(await store.records.increment('rl', 'ip', 1999, 3000)).toBe(2);
    expect(await store.records.increment('rl', 'other', 1999, 3000)).toBe(1);
    expect(await store.records.get('rl', 'ip', 2000)).toBeUndefined();
    await store.close();
  });
});
