import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { request } from 'node:http';
import { SignJWT } from 'jose';
import type { JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import type { IdentityClaims } from '../src/index.ts';
import { IDENTITY_ASSERTION_HEADER, createIdentityAssertionVerifier } from '../src/index.ts';
import { caught } from './support/errors.ts';
import { listen } from './support/http.ts';

const ISSUER = 'https://auth.example';
const AUDIENCE = 'https://app.example';

/** A stand-in gateway: an ES256 key and its JWKS served over real HTTP. */
async function keySet(): Promise<{ privateKey: KeyObject; jwksUrl: string }> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' };
  const server = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  return { privateKey, jwksUrl: `${server.url}/jwks.json` };
}

function sign(
  privateKey: KeyObject,
  claims: Record<string, unknown>,
  options: { exp?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const base = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-1',
    iat: now,
    exp: options.exp ?? now + 300,
  };
  // An undefined claim means "leave it out", so a test can drop a required one.
  const payload: JWTPayload = Object.fromEntries(
    Object.entries({ ...base, ...claims }).filter(([, value]) => value !== undefined),
  );
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' })
    .sign(privateKey);
}

describe('createIdentityAssertionVerifier', () => {
  it('returns the claims of a valid assertion', async () => {
    const { privateKey, jwksUrl } = await keySet();
    const verifier = createIdentityAssertionVerifier({
      jwksUrl,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const token = await sign(privateKey, {
      email: 'ada@example.com',
      name: 'Ada',
      groups: ['eng'],
    });
    expect(await verifier.verify(token)).toMatchObject({
      sub: 'user-1',
      email: 'ada@example.com',
      name: 'Ada',
      groups: ['eng'],
    });
  });

  it('reads the header from a node:http request and from a Fetch Request', async () => {
    const { privateKey, jwksUrl } = await keySet();
    const verifier = createIdentityAssertionVerifier({
      jwksUrl: new URL(jwksUrl),
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const token = await sign(privateKey, {});
    const fromFetch = await verifier.fromRequest(
      new Request(AUDIENCE, { headers: { [IDENTITY_ASSERTION_HEADER]: token } }),
    );
    let fromNode: Promise<IdentityClaims> | undefined;
    const app = await listen((req, res) => {
      fromNode = verifier.fromRequest(req);
      res.end();
    });
    await new Promise<void>((resolve, reject) => {
      const req = request(app.url, { headers: { 'X-Gatehouse-Jwt-Assertion': token } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    expect(fromFetch.sub).toBe('user-1');
    expect((await fromNode)?.sub).toBe('user-1');
  });

  it('rejects missing, expired, foreign and malformed assertions with ERR_ASSERTION_INVALID', async () => {
    const { privateKey, jwksUrl } = await keySet();
    const verifier = createIdentityAssertionVerifier({
      jwksUrl,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const now = Math.floor(Date.now() / 1000);
    const candidates = {
      missing: undefined,
      empty: ' ',
      notAJwt: 'abc.def',
      expired: await sign(privateKey, { iat: now - 900 }, { exp: now - 600 }),
      otherAudience: await sign(privateKey, { aud: 'https://other.example' }),
      otherIssuer: await sign(privateKey, { iss: 'https://evil.example' }),
      noSub: await sign(privateKey, { sub: undefined }),
      badGroups: await sign(privateKey, { groups: 'admins' }),
      hs256: await new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'u', iat: now, exp: now + 60 })
        .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
        .sign(new TextEncoder().encode('x'.repeat(32))),
    };
    for (const [name, token] of Object.entries(candidates)) {
      const error = await caught(() => verifier.verify(token));
      expect(error.code, name).toBe('ERR_ASSERTION_INVALID');
      if (token !== undefined && token.length > 10) expect(error.message).not.toContain(token);
    }
  });
});
