import { createHmac } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAccessTokenVerifier } from '../../src/mcp/resource/index.ts';
import {
  ISSUER,
  NOTHING_REVOKED,
  ROUTE_A,
  bearer,
  claims,
  mint,
  signingKey,
  type SigningKey,
} from './support.ts';

// Research gateways.md §5 E3: only tokens our own AS issued are accepted; an upstream IdP's
// token, another issuer's, an HS256 or an unsigned token are all `invalid`.
const RESOURCE = ROUTE_A.mcpResource!;

function verifierFor(key: SigningKey) {
  return createAccessTokenVerifier({
    issuer: () => ISSUER,
    jwks: () => key.jwks,
    revocations: NOTHING_REVOKED,
  });
}

describe('E3: tokens not issued by our authorization server are invalid', () => {
  it('refuses a token signed by another issuer with its own key', async () => {
    const ours = await signingKey('k1');
    const theirs = await signingKey('k1'); // same kid, different key
    const token = await mint(theirs, claims({ iss: 'https://idp.example.test' }));
    expect(await verifierFor(ours).verify(bearer(token), RESOURCE)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses a token signed with our key but naming another issuer', async () => {
    const key = await signingKey();
    const token = await mint(key, claims({ iss: 'https://idp.example.test' }));
    expect(await verifierFor(key).verify(bearer(token), RESOURCE)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses an HS256 token, also one keyed with our public key material', async () => {
    const key = await signingKey();
    const jwk = key.jwks.keys[0]!;
    // Classic alg confusion: HMAC keyed with the public JWK's bytes.
    const hs = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: key.kid })
      .sign(new TextEncoder().encode(JSON.stringify(jwk)));
    expect(await verifierFor(key).verify(bearer(hs), RESOURCE)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses alg none, with or without a signature part', async () => {
    const key = await signingKey();
    const unsecured = new UnsecuredJWT(claims()).encode();
    const [header, payload] = unsecured.split('.');
    const withSig = `${header}.${payload}.${createHmac('sha256', 'x').update('y').digest('base64url')}`;
    for (const token of [unsecured, withSig]) {
      expect(await verifierFor(key).verify(bearer(token), RESOURCE)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('refuses a token whose typ is not at+jwt (an ID token or a plain JWT)', async () => {
    const key = await signingKey();
    for (const typ of ['JWT', 'id_token', undefined]) {
      const token = await mint(key, claims(), { typ });
      expect(await verifierFor(key).verify(bearer(token), RESOURCE)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    const longForm = await mint(key, claims(), { typ: 'application/at+jwt' });
    expect(await verifierFor(key).verify(bearer(longForm), RESOURCE)).toMatchObject({ ok: true });
  });

  it('refuses a token with a tampered payload or signature, and garbage', async () => {
    const key = await signingKey();
    const token = await mint(key);
    const [h, p, s] = token.split('.') as [string, string, string];
    const otherUser = Buffer.from(JSON.stringify(claims({ sub: 'admin' }))).toString('base64url');
    const flipped = `${s.slice(0, -2)}${s.endsWith('AA') ? 'BA' : 'AA'}`;
    for (const bad of [`${h}.${otherUser}.${s}`, `${h}.${p}.${flipped}`, 'abc.def.ghi', 'abc']) {
      expect(await verifierFor(key).verify(bearer(bad), RESOURCE)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('stops accepting tokens of a key removed from the key set, even cached ones', async () => {
    const oldKey = await signingKey('old');
    const newKey = await signingKey('new');
    let jwks = { keys: [...oldKey.jwks.keys, ...newKey.jwks.keys] };
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => jwks,
      revocations: NOTHING_REVOKED,
    });
    const token = await mint(oldKey);
    expect(await verifier.verify(bearer(token), RESOURCE)).toMatchObject({ ok: true });
    jwks = newKey.jwks; // rotation: a new object
    expect(await verifier.verify(bearer(token), RESOURCE)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await verifier.verify(bearer(await mint(newKey)), RESOURCE)).toMatchObject({
      ok: true,
    });
  });
});
