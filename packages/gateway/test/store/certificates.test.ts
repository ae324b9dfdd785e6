import { describe, expect, it } from 'vitest';
import { openFresh, storeAdapters } from './adapters.ts';

const adapters = storeAdapters();

const cert = (name: string, notAfter: number) => ({
  name,
  directoryUrl: 'https://ca.example/dir',
  certPem: `cert of ${name}`,
  keyPem: `key of ${name}`,
  notBefore: 0,
  notAfter,
  updatedAt: 1,
});

describe.each(adapters)('$name certificates, ACME accounts and leases', (adapter) => {
  it('keeps the first account key per directory, and certificates by name across reopen', async () => {
    const location = await adapter.fresh();
    const store = await adapter.open(location);
    const first = {
      directoryUrl: 'https://ca.example/dir',
      keyPem: 'K1',
      accountUrl: null,
      createdAt: 1,
    };
    expect(await store.certificates.putAccountIfAbsent(first)).toEqual(first);
    expect((await store.certificates.putAccountIfAbsent({ ...first, keyPem: 'K2' })).keyPem).toBe(
      'K1',
    );
    await store.certificates.setAccountUrl(first.directoryUrl, 'https://ca.example/acct/1');
    await store.certificates.put(cert('b.example', 10));
    await store.certificates.put(cert('a.example', 10));
    await store.certificates.put(cert('a.example', 20));
    await store.close();
    const again = await adapter.open(location);
    expect(await again.certificates.getAccount(first.directoryUrl)).toMatchObject({
      keyPem: 'K1',
      accountUrl: 'https://ca.example/acct/1',
    });
    expect((await again.certificates.get('a.example'))?.notAfter).toBe(20);
    expect((await again.certificates.list()).map((c) => c.name)).toEqual([
      'a.example',
      'b.example',
    ]);
    expect(await again.certificates.get('c.example')).toBeUndefined();
    await again.close();
  });

  it('gives a lease to one holder until it expires or is released', async () => {
    const a = await openFresh(adapter);
    expect(await a.certificates.acquireLease('acme:x', 'node-1', 0, 100)).toBe(true);
    expect(await a.certificates.acquireLease('acme:x', 'node-2', 50, 150)).toBe(false);
    expect(await a.certificates.acquireLease('acme:x', 'node-1', 60, 160)).toBe(true);
    expect(await a.certificates.acquireLease('acme:x', 'node-2', 159, 250)).toBe(false);
    expect(await a.certificates.acquireLease('acme:x', 'node-2', 160, 260)).toBe(true);
    await a.certificates.releaseLease('acme:x', 'node-1');
    expect(await a.certificates.acquireLease('acme:x', 'node-1', 170, 270)).toBe(false);
    await a.certificates.releaseLease('acme:x', 'node-2');
    expect(await a.certificates.acquireLease('acme:x', 'node-1', 171, 271)).toBe(true);
    await a.close();
  });

  it('gives a free lease to exactly one of two stores racing for it', async () => {
    const location = await adapter.fresh();
    const [a, b] = [await adapter.open(location), await adapter.open(location)];
    for (let i = 0; i < 20; i++) {
      const won = await Promise.all([
        a.certificates.acquireLease(`acme:${i}`, 'node-a', 0, 100),
        b.certificates.acquireLease(`acme:${i}`, 'node-b', 0, 100),
      ]);
      expect(won.filter(Boolean)).toHaveLength(1);
    }
    const account = { directoryUrl: 'https://ca.example/dir', accountUrl: null, createdAt: 1 };
    const [ka, kb] = await Promise.all([
      a.certificates.putAccountIfAbsent({ ...account, keyPem: 'KA' }),
      b.certificates.putAccountIfAbsent({ ...account, keyPem: 'KB' }),
    ]);
    expect(ka.keyPem).toBe(kb.keyPem);
    await a.close();
    await b.close();
  });
});
