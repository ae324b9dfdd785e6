import { createPublicKey, randomUUID } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { GatehouseError, systemClock } from '@gatehouse/core';
import type { Clock } from '@gatehouse/core';
import { MAX_ASSERTION_TTL_SECONDS } from './constants.ts';
import { signEs256Jwt } from './es256-jwt.ts';
import { createTokenCache } from './token-cache.ts';

export interface AssertionSignerOptions {
  /** An EC P-256 private key. */
  readonly privateKey: KeyObject;
  readonly kid: string;
  /** The gateway's public origin, e.g. `https://auth.example.com`. */
  readonly issuer: string;
  /** Token lifetime in seconds; default and maximum 300. */
  readonly ttlSeconds?: number;
  readonly clock?: Clock;
}

export interface AssertionClaims {
  /** The route the token is for (its public origin); upstreams check it (J4). */
  readonly audience: string;
  readonly sub: string;
  readonly email?: string | null;
  readonly name?: string | null;
  readonly groups?: readonly string[];
}

export interface AssertionSigner {
  /** A signed ES256 JWT; the same token is reused for identical claims for up to ttl/2. */
  sign(claims: AssertionClaims): Promise<string>;
  /** `sign` without the promise (signing is synchronous): throws what `sign` rejects with. */
  signNow(claims: AssertionClaims): string;
  /** The public key set upstreams verify with; never contains private material. */
  jwks(): { keys: JsonWebKey[] };
}

const MAX_CACHED_TOKENS = 10_000;

/** Signs the identity assertion the gateway sends upstream in ASSERTION_HEADER. */
export function createAssertionSigner(options: AssertionSignerOptions): AssertionSigner {
  assertP256PrivateKey(options.privateKey);
  const ttl = options.ttlSeconds ?? MAX_ASSERTION_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_ASSERTION_TTL_SECONDS) {
    throw new GatehouseError(
      'ERR_ASSERTION_CONFIG_INVALID',
      `assertion ttlSeconds must be an integer from 1 to ${MAX_ASSERTION_TTL_SECONDS}`,
    );
  }
  const clock = options.clock ?? systemClock;
  const header = { alg: 'ES256', kid: options.kid, typ: 'JWT' };
  const publicJwk = publicJwkOf(options.privateKey, options.kid);
  const cache = createTokenCache(MAX_CACHED_TOKENS);

  function signNow(claims: AssertionClaims): string {
    if (claims.sub === '' || claims.audience === '') {
      throw new GatehouseError(
        'ERR_ASSERTION_CLAIMS_INVALID',
        'assertion needs a sub and an audience',
      );
    }
    const now = clock.now();
    const groups = [...(claims.groups ?? [])];
    const key = JSON.stringify([claims.audience, claims.sub, claims.email, claims.name, groups]);
    const cached = cache.get(key, now);
    if (cached !== undefined) return cached;
    const iat = Math.floor(now / 1000);
    const token = signEs256Jwt(options.privateKey, header, {
      iss: options.issuer,
      aud: claims.audience,
      sub: claims.sub,
      ...(claims.email === undefined || claims.email === null ? {} : { email: claims.email }),
      ...(claims.name === undefined || claims.name === null ? {} : { name: claims.name }),
      groups,
      iat,
      exp: iat + ttl,
      jti: randomUUID(),
    });
    // Reused for at most half the lifetime, so a cached token always has ≥ ttl/2 left.
    cache.set(key, token, now + (ttl * 1000) / 2);
    return token;
  }

  return {
    sign(claims) {
      // A throw of signNow becomes the rejection.
      return new Promise((resolve) => resolve(signNow(claims)));
    },
    signNow,
    jwks: () => ({ keys: [{ ...publicJwk }] }),
  };
}

/** Only the public members are copied, so `d` can never leak through the key set. */
function publicJwkOf(privateKey: KeyObject, kid: string): JsonWebKey {
  const {
    kty = 'EC',
    crv = 'P-256',
    x = '',
    y = '',
  } = createPublicKey(privateKey).export({
    format: 'jwk',
  });
  return { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' };
}

function assertP256PrivateKey(key: KeyObject): void {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    throw new GatehouseError(
      'ERR_ASSERTION_KEY_INVALID',
      'the assertion signing key must be an EC P-256 private key',
    );
  }
}
