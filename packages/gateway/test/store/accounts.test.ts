import { describe, expect, it } from 'vitest';
import type { Store } from '@gatehouse/core';
import { openFresh, storeAdapters } from './adapters.ts';
import { manualClock } from './temp-dir.ts';

const adapters = storeAdapters();

describe.each(adapters)('$name accounts', (adapter) => {
  const open = (): Promise<Store> => openFresh(adapter, manualClock(1_000));

  it('creates an account with a random id, normalised e-mail and defaults', async () => {
    const store = await open();
    const a = await store.accounts.create({ email: '  Ada@Example.COM ' });
    const b = await store.accounts.create({ email: 'bob@example.com', groups: ['ops'] });
    expect(a).toEqual({
      id: expect.stringMatching(/^acc_[A-Za-z0-9_-]{22}$/) as unknown,
      email: 'ada@example.com',
      name: null,
      passwordHash: null,
      groups: [],
      disabled: false,
      createdAt: 1_000,
    });
    expect(b.id).not.toBe(a.id);
    expect(await store.accounts.findById(a.id)).toEqual(a);
    expect(await store.accounts.findById(b.id)).toEqual(b);
    expect(await store.accounts.count()).toBe(2);
    expect((await store.accounts.list()).map((x) => x.email)).toEqual([
      'ada@example.com',
      'bob@example.com',
    ]);
    await store.close();
  });

  it('finds by e-mail case-insensitively and ignoring surrounding spaces', async () => {
    const store = await open();
    const a = await store.accounts.create({ email: 'ada@example.com', name: 'Ada' });
    expect(await store.accounts.findByEmail('ADA@EXAMPLE.com ')).toEqual(a);
    expect(await store.accounts.findByEmail('eve@example.com')).toBeUndefined();
    expect(await store.accounts.findById('acc_unknown')).toBeUndefined();
    await store.close();
  });

  it('rejects a second account for the same address in another case with ERR_STORE_CONFLICT', async () => {
    const store = await open();
    await store.accounts.create({ email: 'ada@example.com' });
    const error = await store.accounts
      .create({ email: 'ADA@example.com' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_STORE_CONFLICT' });
    expect((error as Error).message).toContain('ada@example.com');
    expect(await store.accounts.count()).toBe(1);
    await store.close();
  });

  it('rejects an empty e-mail address with ERR_STORE_INVALID', async () => {
    const store = await open();
    await expect(store.accounts.create({ email: '   ' })).rejects.toMatchObject({
      code: 'ERR_STORE_INVALID',
    });
    expect(await store.accounts.count()).toBe(0);
    await store.close();
  });

  it('updates only the patched fields and returns the stored account', async () => {
    const store = await open();
    const a = await store.accounts.create({
      email: 'ada@example.com',
      name: 'Ada',
      passwordHash: 'scrypt$1$2$3$s$h',
      groups: ['a'],
    });
    const u1 = await store.accounts.update(a.id, { groups: ['a', 'b'], disabled: true });
    expect(u1).toEqual({ ...a, groups: ['a', 'b'], disabled: true });
    const u2 = await store.accounts.update(a.id, { name: null, passwordHash: null });
    expect(u2).toEqual({ ...u1, name: null, passwordHash: null });
    expect(await store.accounts.findById(a.id)).toEqual(u2);
    await store.close();
  });

  it('rejects an update of an unknown id with ERR_STORE_NOT_FOUND', async () => {
    const store = await open();
    await expect(store.accounts.update('acc_nope', { name: 'x' })).rejects.toMatchObject({
      code: 'ERR_STORE_NOT_FOUND',
    });
    expect(await store.accounts.count()).toBe(0);
    await store.close();
  });
});
