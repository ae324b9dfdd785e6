import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAssertionSigner, jwksResponse } from '../../src/assertion/index.ts';
import { caught } from '../proxy/support/errors.ts';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function manualClock(start: number): { now(): number; advance(ms: number): void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('createAssertionSigner', () => {
  it('signs an ES256 JWT with the documented header and claims', async () => {
    const clock = manualClock(1_700_000_000_500);
    const signer = createAssertionSigner({
      privateKey,
      kid: 'k1',
      issuer: 'https://auth.example',
      clock,
    });
    const token = await signer.sign({
      audience: 'https://app.example',
      sub: 'user-1',
      email: 'ada@example.com',
      name: 'Ada',
      groups: ['admins'],
    });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: 'k1', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: 'https://auth.example',
      aud: 'https://app.example',
      sub: 'user-1',
      email: 'ada@example.com',
      name: 'Ada',
      groups: ['admins'],
      iat: 1_700_000_000,
      exp: 1_700_000_300,
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reuses a token for the same claims for half its lifetime, then signs a new one', async () => {
    const clock = manualClock(1_700_000_000_000);
    const signer = createAssertionSigner({
      privateKey,
      kid: 'k1',
      issuer: 'https://auth.example',
      clock,
    });
    const claims = { audience: 'https://app.example', sub: 'user-1', groups: ['a'] };
    const first = await signer.sign(claims);
    clock.advance(149_000);
    expect(await signer.sign({ ...claims })).toBe(first);
    expect(await signer.sign({ ...claims, audience: 'https://other.example' })).not.toBe(first);
    expect(await signer.sign({ ...claims, groups: ['a', 'b'] })).not.toBe(first);
    clock.advance(1_000);
    const renewed = await signer.sign(claims);
    expect(renewed).not.toBe(first);
    expect(decodeJwt(renewed).exp).toBe(1_700_000_450);
  });

  it('signNow answers as sign does, from the same cache, and throws what sign rejects with', async () => {
    const signer = createAssertionSigner({ privateKey, kid: 'k1', issuer: 'https://auth.example' });
    const claims = { audience: 'https://app.example', sub: 'user-1', groups: ['a'] };
    const token = signer.signNow(claims);
    expect(decodeJwt(token)).toMatchObject({ aud: 'https://app.example', sub: 'user-1' });
    expect(await signer.sign({ ...claims })).toBe(token);
    const invalid = { audience: 'https://app.example', sub: '' };
    expect((await caught(() => signer.signNow(invalid))).code).toBe('ERR_ASSERTION_CLAIMS_INVALID');
    expect((await caught(() => signer.sign(invalid))).code).toBe('ERR_ASSERTION_CLAIMS_INVALID');
  });

  it('publishes only the public key, with kid, alg and use', () => {
    const signer = createAssertionSigner({ privateKey, kid: 'k1', issuer: 'https://auth.example' });
    const [key] = signer.jwks().keys;
    expect(Object.keys(key ?? {}).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', kid: 'k1', alg: 'ES256', use: 'sig' });
    const response = jwksResponse(signer);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.body).not.toContain('"d"');
  });

  it('refuses keys that are not EC P-256 private keys, and lifetimes over 300 s', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const publicOnly = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    for (const key of [p384, rsa, publicOnly]) {
      const error = await caught(() =>
        createAssertionSigner({ privateKey: key, kid: 'k', issuer: 'i' }),
      );
      expect(error.code).toBe('ERR_ASSERTION_KEY_INVALID');
    }
    const error = await caught(() =>
      createAssertionSigner({ privateKey, kid: 'k', issuer: 'i', ttlSeconds: 301 }),
    );
    expect(error.code).toBe('ERR_ASSERTION_CONFIG_INVALID');
  });
});
