import { describe, expect, it } from 'vitest';
import { createAccessTokenVerifier } from '../../src/mcp/resource/index.ts';
import { ISSUER, NOTHING_REVOKED, ROUTE_A, bearer, claims, mint, signingKey } from './support.ts';

// Research gateways.md §5 C13: a token without `exp` never lives forever; the other claims our
// AS always issues are required too (a token without `gid` could not be revoked).
describe('C13: a token without exp (or another required claim) is invalid', () => {
  it.each(['exp', 'iat', 'sub', 'aud', 'gid', 'client_id'])(
    'refuses a token without %s',
    async (claim) => {
      const key = await signingKey();
      const verifier = createAccessTokenVerifier({
        issuer: () => ISSUER,
        jwks: () => key.jwks,
        revocations: NOTHING_REVOKED,
      });
      const token = await mint(key, claims({ [claim]: undefined }));
      expect(await verifier.verify(bearer(token), ROUTE_A.mcpResource!)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    },
  );

  it('refuses claims of the wrong type', async () => {
    const key = await signingKey();
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations: NOTHING_REVOKED,
    });
    for (const bad of [{ exp: 'never' }, { sub: 42 }, { gid: ['g'] }, { scope: ['mcp'] }]) {
      const token = await mint(key, claims(bad));
      expect(await verifier.verify(bearer(token), ROUTE_A.mcpResource!)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('returns the claims of a complete token', async () => {
    const key = await signingKey();
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations: NOTHING_REVOKED,
    });
    const payload = claims({ scope: 'mcp extra' });
    const token = await mint(key, payload);
    expect(await verifier.verify(bearer(token), ROUTE_A.mcpResource!)).toEqual({
      ok: true,
      token: {
        sub: 'user-1',
        email: 'ada@example.test',
        name: 'Ada',
        groups: ['eng'],
        clientId: 'client-1',
        scope: ['mcp', 'extra'],
        grantId: 'grant-1',
        expiresAt: (payload.exp as number) * 1000,
        jkt: null,
      },
      scheme: 'bearer',
    });
  });
});
