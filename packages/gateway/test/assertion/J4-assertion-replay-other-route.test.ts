import { generateKeyPairSync } from 'node:crypto';
import { createIdentityAssertionVerifier } from '@gatehouse/app-kit';
import { describe, expect, it } from 'vitest';
import { JWKS_PATH, createAssertionSigner, jwksResponse } from '../../src/assertion/index.ts';
import { caught } from '../proxy/support/errors.ts';
import { listen } from '../proxy/support/servers.ts';

// Research gateways.md §5 J4: route A's assertion replayed to upstream B must be rejected.
const ISSUER = 'https://auth.example';
const ROUTE_A = 'https://a.example';
const ROUTE_B = 'https://b.example';

async function gateway(clockMs?: number) {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const clock = clockMs === undefined ? {} : { clock: { now: () => clockMs } };
  const signer = createAssertionSigner({ privateKey, kid: 'k1', issuer: ISSUER, ...clock });
  const jwks = jwksResponse(signer);
  const server = await listen((req, res) => {
    if (req.url !== JWKS_PATH) res.writeHead(404).end();
    else res.writeHead(jwks.status, jwks.headers).end(jwks.body);
  });
  return { signer, jwksUrl: `${server.url}${JWKS_PATH}` };
}

describe('J4: the identity assertion is only accepted by the route it was made for', () => {
  it('is accepted by the app-kit verifier of its own route', async () => {
    const { signer, jwksUrl } = await gateway();
    const token = await signer.sign({
      audience: ROUTE_A,
      sub: 'u1',
      email: 'u1@example.com',
      groups: ['g'],
    });
    const verifier = createIdentityAssertionVerifier({
      jwksUrl,
      issuer: ISSUER,
      audience: ROUTE_A,
    });
    expect(await verifier.verify(token)).toMatchObject({
      sub: 'u1',
      email: 'u1@example.com',
      name: null,
      groups: ['g'],
    });
  });

  it('is rejected by another route (audience), when expired, and when tampered with', async () => {
    const { signer, jwksUrl } = await gateway();
    const token = await signer.sign({ audience: ROUTE_A, sub: 'u1' });
    const routeB = createIdentityAssertionVerifier({ jwksUrl, issuer: ISSUER, audience: ROUTE_B });
    const routeA = createIdentityAssertionVerifier({ jwksUrl, issuer: ISSUER, audience: ROUTE_A });
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url');
    const tampered = `${header}.${forged}.${signature}`;

    for (const [verifier, candidate] of [
      [routeB, token],
      [routeA, tampered],
      [routeA, undefined],
    ] as const) {
      const error = await caught(() => verifier.verify(candidate));
      expect(error.code).toBe('ERR_ASSERTION_INVALID');
      expect(error.message).not.toContain(token);
    }
  });

  it('is rejected once expired', async () => {
    const old = await gateway(Date.now() - 600_000);
    const token = await old.signer.sign({ audience: ROUTE_A, sub: 'u1' });
    const verifier = createIdentityAssertionVerifier({
      jwksUrl: old.jwksUrl,
      issuer: ISSUER,
      audience: ROUTE_A,
    });
    expect((await caught(() => verifier.verify(token))).code).toBe('ERR_ASSERTION_INVALID');
  });

  it('is rejected when signed by another gateway key', async () => {
    const real = await gateway();
    const other = await gateway();
    const token = await other.signer.sign({ audience: ROUTE_A, sub: 'u1' });
    const verifier = createIdentityAssertionVerifier({
      jwksUrl: real.jwksUrl,
      issuer: ISSUER,
      audience: ROUTE_A,
    });
    expect((await caught(() => verifier.verify(token))).code).toBe('ERR_ASSERTION_INVALID');
  });
});
