import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.ts';
import { useTempDirs } from './temp-dir.ts';

const tempDir = useTempDirs();

const cert = (name: string, notAfter: number) => ({
  name,
  directoryUrl: 'https://ca.example/dir',
  certPem: `cert of ${name}`,
  keyPem: `key of ${name}`,
  notBefore: 0,
  notAfter,
  updatedAt: 1,
});

describe('sqlite certificates, ACME accounts and leases', () => {
  it('keeps the first account key per directory, and certificates by name across reopen', async () => {
    const file = path.join(await tempDir(), 'g.db');
    const store = await openSqliteStore(file);
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
    const again = await openSqliteStore(file);
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
    const a = await openSqliteStore(path.join(await tempDir(), 'g.db'));
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
});
