import { describe, expect, it } from 'vitest';
import {
  MAX_TOKEN_LENGTH,
  createAccessTokenVerifier,
  hasQueryToken,
} from '../../src/mcp/resource/index.ts';
import { ISSUER, NOTHING_REVOKED, ROUTE_A, mint, signingKey } from './support.ts';

const RESOURCE = ROUTE_A.mcpResource!;

async function setup() {
  const key = await signingKey();
  const verifier = createAccessTokenVerifier({
    issuer: () => ISSUER,
    jwks: () => key.jwks,
    revocations: NOTHING_REVOKED,
  });
  return { verifier, token: await mint(key) };
}

describe('the token is read only from Authorization: Bearer (RFC 6750 §2.1)', () => {
  it('accepts the scheme in any case', async () => {
    const { verifier, token } = await setup();
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      expect(await verifier.verify(`${scheme} ${token}`, RESOURCE)).toMatchObject({ ok: true });
    }
  });

  it('answers missing when there is no header, an empty one, or another scheme (RFC 6750 §3.1)', async () => {
    const { verifier, token } = await setup();
    for (const header of [undefined, '', '   ', `Basic ${token}`, `Token ${token}`, token]) {
      expect(await verifier.verify(header, RESOURCE)).toEqual({ ok: false, reason: 'missing' });
    }
  });

  it('answers malformed for a Bearer header without exactly one b64token', async () => {
    const { verifier, token } = await setup();
    for (const header of [
      'Bearer',
      'Bearer ',
      `Bearer ${token} ${token}`,
      `Bearer ${token},x`,
      `Bearer "${token}"`,
      `Bearer\t${token}`,
      `Bearer ${'a'.repeat(MAX_TOKEN_LENGTH + 1)}`,
    ]) {
      expect(await verifier.verify(header, RESOURCE)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('hasQueryToken finds access_token in the query in any spelling, and only there', () => {
    for (const url of [
      '/mcp?access_token=x',
      '/mcp?a=1&access_token=',
      '/mcp?ACCESS_TOKEN=x',
      '/mcp?access%5Ftoken=x',
      new URL('https://a.example.test/mcp?access_token=x'),
    ]) {
      expect(hasQueryToken(url)).toBe(true);
    }
    for (const url of [
      '/mcp',
      '/mcp?token=x',
      '/access_token?x=1',
      '/mcp#access_token=x',
      '/mcp?',
    ]) {
      expect(hasQueryToken(url)).toBe(false);
    }
  });
});
