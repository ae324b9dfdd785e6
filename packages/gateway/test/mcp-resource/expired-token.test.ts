import { describe, expect, it } from 'vitest';
import { createAccessTokenVerifier } from '../../src/mcp/resource/index.ts';
import {
  ISSUER,
  NOTHING_REVOKED,
  NOW_S,
  ROUTE_A,
  bearer,
  claims,
  manualClock,
  mint,
  signingKey,
} from './support.ts';

const RESOURCE = ROUTE_A.mcpResource!;

describe('an expired access token is refused as expired', () => {
  it('refuses a token that expired more than the clock tolerance ago', async () => {
    const key = await signingKey();
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations: NOTHING_REVOKED,
    });
    const token = await mint(key, claims({ iat: NOW_S - 700, exp: NOW_S - 100 }));
    expect(await verifier.verify(bearer(token), RESOURCE)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('stops accepting a cached token once it expires, and tolerates at most 30 s of skew', async () => {
    const key = await signingKey();
    const clock = manualClock(NOW_S * 1000);
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations: NOTHING_REVOKED,
      clock,
    });
    const token = await mint(key, claims({ exp: NOW_S + 60 }));
    expect(await verifier.verify(bearer(token), RESOURCE)).toMatchObject({ ok: true });
    clock.set((NOW_S + 59) * 1000);
    expect(await verifier.verify(bearer(token), RESOURCE)).toMatchObject({ ok: true });
    clock.set((NOW_S + 60 + 31) * 1000);
    expect(await verifier.verify(bearer(token), RESOURCE)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('does not let a bad signature pass as merely expired', async () => {
    const key = await signingKey();
    const other = await signingKey();
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations: NOTHING_REVOKED,
    });
    const token = await mint(other, claims({ iat: NOW_S - 700, exp: NOW_S - 100 }));
    expect(await verifier.verify(bearer(token), RESOURCE)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});
