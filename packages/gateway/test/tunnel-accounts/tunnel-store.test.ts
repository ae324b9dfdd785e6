import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '@gatehouse/core';
import { ensureNamespace } from '../../src/tunnel-accounts/identity.ts';
import { openFresh, storeAdapters } from '../store/adapters.ts';

const adapters = storeAdapters();

const binding = (
  fingerprint: string,
  extra: Partial<Parameters<Store['tunnels']['putBinding']>[0]> = {},
) => ({
  fingerprint,
  accountId: 'acc_1',
  publicKey: 'ssh-ed25519 AAAA',
  remember: true,
  createdAt: 1,
  lastUsedAt: 1,
  expiresAt: null,
  ...extra,
});

describe.each(adapters)('the tunnel repository on $name', (adapter) => {
  let store: Store;
  beforeEach(async () => {
    store = await openFresh(adapter);
  });
  afterEach(async () => {
    await store.close();
  });

  it('gives each account one namespace and each namespace one account', async () => {
    expect(await store.tunnels.claimNamespace('acc_1', 'brave-otter-001', 1)).toBe(
      'brave-otter-001',
    );
    // The account keeps its namespace; a taken name is refused for another account.
    expect(await store.tunnels.claimNamespace('acc_1', 'calm-owl-002', 2)).toBe('brave-otter-001');
    expect(await store.tunnels.claimNamespace('acc_2', 'brave-otter-001', 3)).toBeUndefined();
    expect(await store.tunnels.ownerOf('brave-otter-001')).toBe('acc_1');
    expect(await store.tunnels.namespaceOf('acc_2')).toBeUndefined();
  });

  it('draws another name when the first one is taken', async () => {
    await store.tunnels.claimNamespace('acc_1', 'brave-otter-001', 1);
    const names = ['brave-otter-001', 'brave-otter-001', 'calm-owl-002'];
    const drawn = await ensureNamespace(
      store,
      'acc_2',
      { now: () => 5 },
      () => names.shift() ?? '',
    );
    expect(drawn).toBe('calm-owl-002');
    expect(names).toEqual([]);
    await expect(
      ensureNamespace(store, 'acc_3', { now: () => 5 }, () => 'brave-otter-001'),
    ).rejects.toMatchObject({ code: 'ERR_TUNNEL_NAMESPACE_EXHAUSTED' });
  });

  it('keeps bindings until they expire; deleteSessionBinding spares remembered ones', async () => {
    await store.tunnels.putBinding(binding('SHA256:a'));
    await store.tunnels.putBinding(binding('SHA256:b', { remember: false, expiresAt: 100 }));
    expect((await store.tunnels.getBinding('SHA256:b', 99))?.remember).toBe(false);
    expect(await store.tunnels.getBinding('SHA256:b', 100)).toBeUndefined();
    expect((await store.tunnels.listBindings('acc_1', 100)).map((b) => b.fingerprint)).toEqual([
      'SHA256:a',
    ]);
    expect(await store.tunnels.deleteSessionBinding('SHA256:a')).toBe(false);
    expect(await store.tunnels.getBinding('SHA256:a', 0)).toBeDefined();
    await store.tunnels.touchBinding('SHA256:a', 50);
    expect((await store.tunnels.getBinding('SHA256:a', 0))?.lastUsedAt).toBe(50);
    expect(await store.tunnels.purgeExpired(100)).toBe(1);
    expect(await store.tunnels.deleteBinding('SHA256:a')).toBe(true);
    expect(await store.tunnels.getBinding('SHA256:a', 0)).toBeUndefined();
  });

  it('stores shares once per (namespace, route, email)', async () => {
    expect(await store.tunnels.addShare('ns', 'mcp', 'bob@example.com', 1)).toBe(true);
    expect(await store.tunnels.addShare('ns', 'mcp', 'bob@example.com', 2)).toBe(false);
    await store.tunnels.addShare('ns', 'echo', 'bob@example.com', 3);
    await store.tunnels.addShare('other', 'mcp', 'eve@example.com', 4);
    expect((await store.tunnels.listShares('ns')).map((s) => `${s.route}:${s.email}`)).toEqual([
      'echo:bob@example.com',
      'mcp:bob@example.com',
    ]);
    expect(await store.tunnels.removeShare('ns', 'mcp', 'bob@example.com')).toBe(true);
    expect(await store.tunnels.removeShare('ns', 'mcp', 'bob@example.com')).toBe(false);
  });

  it('of two stores claiming one namespace for different accounts at once, one gets it', async () => {
    const location = await adapter.fresh();
    const [a, b] = [await adapter.open(location), await adapter.open(location)];
    for (let i = 0; i < 10; i++) {
      const name = `brave-otter-${i}`;
      const got = await Promise.all([
        a.tunnels.claimNamespace(`acc_a${i}`, name, 1),
        b.tunnels.claimNamespace(`acc_b${i}`, name, 1),
      ]);
      expect(got.filter((n) => n === name)).toHaveLength(1);
      expect(got.filter((n) => n === undefined)).toHaveLength(1);
    }
    await a.close();
    await b.close();
  });
});
