import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '@gatehouse/core';
import { createAccessTokenVerifier, createRevocationCache } from '../../src/mcp/resource/index.ts';
import { ISSUER, ROUTE_A, bearer, claims, mint, signingKey, useStores } from './support.ts';

// Issue 6 "Hot path": a revoked grant is refused within one refresh interval, without a store
// read per request.
const RESOURCE = ROUTE_A.mcpResource!;
const openStore = useStores();

describe('a revoked grant is refused within one refresh interval', () => {
  it('keeps answering from memory until the next refresh, then refuses', async () => {
    const store = await openStore();
    const key = await signingKey();
    const revocations = createRevocationCache({ store, logger: silentLogger, refreshMs: 60_000 });
    await revocations.refresh();
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations,
    });
    const token = await mint(key, claims({ gid: 'grant-r' }));
    const other = await mint(key, claims({ gid: 'grant-other' }));
    expect(await verifier.verify(bearer(token), RESOURCE)).toMatchObject({ ok: true });

    await store.oauth.revokeByGrantId('grant-r');
    // No store read per request: until the cache refreshes, the answer comes from memory.
    expect(await verifier.verify(bearer(token), RESOURCE)).toMatchObject({ ok: true });

    await revocations.refresh();
    expect(await verifier.verify(bearer(token), RESOURCE)).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(await verifier.verify(bearer(other), RESOURCE)).toMatchObject({ ok: true });
  });

  it('picks the revocation up by itself once started', async () => {
    const store = await openStore();
    const key = await signingKey();
    const refreshMs = 100;
    const revocations = createRevocationCache({ store, logger: silentLogger, refreshMs });
    await revocations.refresh();
    revocations.start();
    try {
      const verifier = createAccessTokenVerifier({
        issuer: () => ISSUER,
        jwks: () => key.jwks,
        revocations,
      });
      const token = await mint(key, claims({ gid: 'grant-t' }));
      expect(await verifier.verify(bearer(token), RESOURCE)).toMatchObject({ ok: true });

      await store.oauth.revokeByGrantId('grant-t');
      const revokedAt = Date.now();
      let result = await verifier.verify(bearer(token), RESOURCE);
      while (result.ok && Date.now() - revokedAt < 20 * refreshMs) {
        await sleep(10);
        result = await verifier.verify(bearer(token), RESOURCE);
      }
      expect(result).toEqual({ ok: false, reason: 'revoked' });
    } finally {
      revocations.stop();
    }
  });

  it('remembers revocations made before it started (a fresh node learns them)', async () => {
    const store = await openStore();
    const key = await signingKey();
    await store.oauth.revokeByGrantId('grant-old');
    const revocations = createRevocationCache({ store, logger: silentLogger });
    await revocations.refresh();
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations,
    });
    const token = await mint(key, claims({ gid: 'grant-old' }));
    expect(await verifier.verify(bearer(token), RESOURCE)).toEqual({
      ok: false,
      reason: 'revoked',
    });
  });
});
