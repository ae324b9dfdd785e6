import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import { systemClock, type Clock } from '@gatehouse/core';
import { parseBearer } from './bearer.ts';
import type { RevocationView } from './revocation-view.ts';
import { accessTokenFrom, singleAudience, type AccessToken } from './token-claims.ts';
import { createVerifiedCache, type VerifiedEntry } from './verified-cache.ts';

export type TokenFailure =
  'missing' | 'malformed' | 'invalid' | 'expired' | 'wrong-audience' | 'revoked' | 'user-disabled';

export type TokenResult =
  | { readonly ok: true; readonly token: AccessToken }
  | { readonly ok: false; readonly reason: TokenFailure };

export interface AccessTokenVerifierOptions {
  /** The authorization server's issuer (the gateway's `authenticateServiceUrl`). */
  readonly issuer: () => string;
  /** The AS's public keys. A new object (key rotation) rebuilds the key set and empties the cache. */
  readonly jwks: () => JSONWebKeySet;
  readonly revocations: RevocationView;
  readonly clock?: Clock;
  /** Most tokens remembered as verified (default 10,000). */
  readonly cacheSize?: number;
}

export interface AccessTokenVerifier {
  /** `authorization` is the raw header value; `resource` the route's canonical MCP URL. */
  verify(authorization: string | undefined, resource: string): Promise<TokenResult>;
}

// Issuer and resource server share a clock source (one process, or nodes kept in sync); the
// tolerance only absorbs small skew between nodes.
const CLOCK_TOLERANCE_S = 10;
const DEFAULT_CACHE_SIZE = 10_000;

/**
 * Verifies the JWT access tokens our AS issues (RFC 9068 profile): ES256 only, `typ: at+jwt`,
 * our issuer, exactly this resource as audience (RFC 8707; MCP authorization "Token Audience
 * Binding"), `exp`, `iat` and `sub` required. A verified token is cached by its exact string until
 * it expires; revocation and disabled users are checked on every request, cached or not.
 */
export function createAccessTokenVerifier(
  options: AccessTokenVerifierOptions,
): AccessTokenVerifier {
  const clock = options.clock ?? systemClock;
  const { revocations } = options;
  const cache = createVerifiedCache(options.cacheSize ?? DEFAULT_CACHE_SIZE);
  let jwks: JSONWebKeySet | undefined;
  let issuer = '';
  let keySet: ReturnType<typeof createLocalJWKSet> | undefined;
  let generation = 0;

  const currentKeys = () => {
    const nextJwks = options.jwks();
    const nextIssuer = options.issuer();
    if (keySet === undefined || nextJwks !== jwks || nextIssuer !== issuer) {
      jwks = nextJwks;
      issuer = nextIssuer;
      keySet = createLocalJWKSet(nextJwks);
      cache.clear();
      generation += 1;
    }
    return { keySet, issuer, generation };
  };

  const check = async (token: string, now: number): Promise<VerifiedEntry | TokenFailure> => {
    const keys = currentKeys();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys.keySet, {
        algorithms: ['ES256'],
        typ: 'at+jwt',
        issuer: keys.issuer,
        requiredClaims: ['exp', 'iat', 'sub', 'aud'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(now),
      }));
    } catch (error) {
      return failureOf(error);
    }
    const accessToken = accessTokenFrom(payload);
    const audience = singleAudience(payload);
    if (accessToken === undefined) return 'invalid';
    if (audience === undefined) return 'wrong-audience';
    const entry = {
      token: accessToken,
      audience,
      usableUntil: accessToken.expiresAt + CLOCK_TOLERANCE_S * 1000,
    };
    // Keys rotated while we verified: do not cache a result made with the old key set.
    if (keys.generation === generation) cache.set(token, entry);
    return entry;
  };

  return {
    async verify(authorization, resource) {
      const bearer = parseBearer(authorization);
      if (bearer.kind !== 'token') return { ok: false, reason: bearer.kind };
      const now = clock.now();
      currentKeys();
      const entry = cache.get(bearer.token, now) ?? (await check(bearer.token, now));
      if (typeof entry === 'string') return { ok: false, reason: entry };
      // Compared here, not in jwtVerify, so one cache entry serves every route and a token for
      // route A presented at route B is still refused on a cache hit (research §5 E1).
      if (entry.audience !== resource) return { ok: false, reason: 'wrong-audience' };
      if (revocations.isGrantRevoked(entry.token.grantId)) return { ok: false, reason: 'revoked' };
      if (revocations.isUserDisabled(entry.token.sub)) {
        return { ok: false, reason: 'user-disabled' };
      }
      return { ok: true, token: entry.token };
    },
  };
}

/** Every jose rejection is a bad token; anything else is our bug and propagates. */
function failureOf(error: unknown): TokenFailure {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JOSEError) return 'invalid';
  throw error;
}
