import { describe, expect, it } from 'vitest';
import { createAccessTokenVerifier } from '../../src/mcp/resource/index.ts';
import {
  ISSUER,
  NOTHING_REVOKED,
  ROUTE_A,
  ROUTE_B,
  bearer,
  claims,
  mint,
  signingKey,
} from './support.ts';

// Research gateways.md §5 E1 (RFC 8707): a token issued for route A is refused at route B.
describe('E1: a token for route A presented at route B is refused as wrong-audience', () => {
  it('is accepted at A and refused at B, before and after it is cached', async () => {
    const key = await signingKey();
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations: NOTHING_REVOKED,
    });
    const token = await mint(key);

    // First at B (not yet cached), then at A (now cached), then at B again (cache hit).
    expect(await verifier.verify(bearer(token), ROUTE_B.mcpResource!)).toEqual({
      ok: false,
      reason: 'wrong-audience',
    });
    expect(await verifier.verify(bearer(token), ROUTE_A.mcpResource!)).toMatchObject({ ok: true });
    expect(await verifier.verify(bearer(token), ROUTE_B.mcpResource!)).toEqual({
      ok: false,
      reason: 'wrong-audience',
    });
  });

  it('compares the audience exactly: no trailing slash, case, path or prefix variants', async () => {
    const key = await signingKey();
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations: NOTHING_REVOKED,
    });
    const token = await mint(key);
    for (const resource of [
      'https://a.example.test/mcp/',
      'https://a.example.test/MCP',
      'https://a.example.test/mcp-other',
      'https://a.example.test',
      'http://a.example.test/mcp',
    ]) {
      expect(await verifier.verify(bearer(token), resource)).toEqual({
        ok: false,
        reason: 'wrong-audience',
      });
    }
  });

  it('refuses a token naming several audiences, even when one of them is this route', async () => {
    const key = await signingKey();
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations: NOTHING_REVOKED,
    });
    const token = await mint(key, claims({ aud: [ROUTE_B.mcpResource, ROUTE_A.mcpResource] }));
    expect(await verifier.verify(bearer(token), ROUTE_A.mcpResource!)).toEqual({
      ok: false,
      reason: 'wrong-audience',
    });
  });
});
