import { describe, expect, it } from 'vitest';
import { silentLogger } from '@gatehouse/core';
import { createAccessTokenVerifier, createRevocationCache } from '../../src/mcp/resource/index.ts';
import { createVerifiedCache } from '../../src/mcp/resource/verified-cache.ts';
import { ISSUER, ROUTE_A, bearer, claims, mint, signingKey, useStores } from './support.ts';

const RESOURCE = ROUTE_A.mcpResource!;
const openStore = useStores();

describe('a cached verification still honours revocation and disabled users', () => {
  it('refuses a token verified many times before its grant was revoked', async () => {
    const store = await openStore();
    const key = await signingKey();
    const ada = await store.accounts.create({ email: 'ada@example.test' });
    const revocations = createRevocationCache({ store, logger: silentLogger });
    await revocations.refresh();
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations,
    });
    const revokedLater = await mint(key, claims({ sub: 'someone', gid: 'g1' }));
    const disabledLater = await mint(key, claims({ sub: ada.id, gid: 'g2' }));
    for (let i = 0; i < 5; i += 1) {
      expect(await verifier.verify(bearer(revokedLater), RESOURCE)).toMatchObject({ ok: true });
      expect(await verifier.verify(bearer(disabledLater), RESOURCE)).toMatchObject({ ok: true });
    }

    await store.oauth.revokeByGrantId('g1');
    await store.accounts.update(ada.id, { disabled: true });
    await revocations.refresh();
    expect(await verifier.verify(bearer(revokedLater), RESOURCE)).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(await verifier.verify(bearer(disabledLater), RESOURCE)).toEqual({
      ok: false,
      reason: 'user-disabled',
    });
  });
});

describe('the verified-token cache is a bounded LRU that forgets expired entries', () => {
  const entry = (usableUntil: number) => ({
    token: {
      sub: 's',
      email: null,
      name: null,
      groups: [],
      clientId: 'c',
      scope: ['mcp'],
      grantId: 'g',
      expiresAt: usableUntil,
      jkt: null,
    },
    audience: RESOURCE,
    usableUntil,
  });

  it('evicts the least recently used entry when full', () => {
    const cache = createVerifiedCache(2);
    cache.set('t1', entry(1000));
    cache.set('t2', entry(1000));
    expect(cache.get('t1', 0)).toBeDefined(); // t1 is now the most recent
    cache.set('t3', entry(1000));
    expect(cache.size).toBe(2);
    expect(cache.get('t2', 0)).toBeUndefined();
    expect(cache.get('t1', 0)).toBeDefined();
    expect(cache.get('t3', 0)).toBeDefined();
  });

  it('drops an entry at its expiry', () => {
    const cache = createVerifiedCache(10);
    cache.set('t', entry(1000));
    expect(cache.get('t', 999)).toBeDefined();
    expect(cache.get('t', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
