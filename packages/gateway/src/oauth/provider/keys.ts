import { hkdfSync, type JsonWebKey } from 'node:crypto';
import type { SigningKey } from '../../config/secrets.ts';

/**
 * Key material for oidc-provider, derived from the gateway's secrets so nothing new has to be
 * stored: the ES256 signing key (the same key that signs identity assertions, so one JWKS serves
 * both) and cookie-signing keys derived from the cookie secret with HKDF (RFC 5869), under a
 * label of their own so they never equal the gateway's session-cookie keys.
 */
export function providerJwks(signingKey: SigningKey): { keys: JsonWebKey[] } {
  const jwk = signingKey.privateKey.export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid: signingKey.kid, alg: 'ES256', use: 'sig' }] };
}

/** The public keys that verify our access tokens: only public members (kty, crv, x, y, …). */
export function publicJwks(signingKey: SigningKey): { keys: JsonWebKey[] } {
  const { kty, crv, x, y } = signingKey.publicJwk;
  const key: JsonWebKey = { kid: signingKey.kid, alg: 'ES256', use: 'sig' };
  for (const [name, value] of Object.entries({ kty, crv, x, y })) {
    if (typeof value === 'string') key[name] = value;
  }
  return Object.freeze({ keys: [Object.freeze(key)] });
}

export function cookieKeys(cookieSecret: Buffer): string[] {
  const key = hkdfSync('sha256', cookieSecret, Buffer.alloc(0), 'gatehouse oauth cookies v1', 32);
  return [Buffer.from(key).toString('base64url')];
}
