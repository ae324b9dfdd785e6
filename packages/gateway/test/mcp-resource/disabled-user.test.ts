import { describe, expect, it } from 'vitest';
import { silentLogger } from '@gatehouse/core';
import { createAccessTokenVerifier, createRevocationCache } from '../../src/mcp/resource/index.ts';
import { ISSUER, ROUTE_A, bearer, claims, mint, signingKey, useStores } from './support.ts';

const RESOURCE = ROUTE_A.mcpResource!;
const openStore = useStores();

describe("a disabled account's tokens are refused after the next refresh", () => {
  it('refuses the disabled user and accepts them again once re-enabled', async () => {
    const store = await openStore();
    const key = await signingKey();
    const ada = await store.accounts.create({ email: 'ada@example.test' });
    const bob = await store.accounts.create({ email: 'bob@example.test' });
    const revocations = createRevocationCache({ store, logger: silentLogger });
    await revocations.refresh();
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations,
    });
    const adaToken = await mint(key, claims({ sub: ada.id, gid: 'g-ada' }));
    const bobToken = await mint(key, claims({ sub: bob.id, gid: 'g-bob' }));
    expect(await verifier.verify(bearer(adaToken), RESOURCE)).toMatchObject({ ok: true });

    await store.accounts.update(ada.id, { disabled: true });
    await revocations.refresh();
    expect(await verifier.verify(bearer(adaToken), RESOURCE)).toEqual({
      ok: false,
      reason: 'user-disabled',
    });
    expect(await verifier.verify(bearer(bobToken), RESOURCE)).toMatchObject({ ok: true });

    await store.accounts.update(ada.id, { disabled: false });
    await revocations.refresh();
    expect(await verifier.verify(bearer(adaToken), RESOURCE)).toMatchObject({ ok: true });
  });
});
