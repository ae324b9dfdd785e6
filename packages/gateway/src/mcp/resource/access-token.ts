import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import { systemClock, type Clock } from '@gatehouse/core';
import { parseAuthorization } from './bearer.ts';
import type { DpopFailure, DpopProofVerifier, DpopRequest } from './dpop-proof.ts';
import type { RevocationView } from './revocation-view.ts';
import { accessTokenFrom, singleAudience, type AccessToken } from './token-claims.ts';
import { createVerifiedCache, type VerifiedEntry } from './verified-cache.ts';

export type TokenFailure =
  | 'missing'
  | 'malformed'
  | 'invalid'
  | 'expired'
  | 'wrong-audience'
  | 'revoked'
  | 'user-disabled'
  /** RFC 9449 §7.2: a DPoP-bound token presented with the Bearer scheme. */
  | 'dpop-bound'
  /** The DPoP scheme with a token that is not bound to a key. */
  | 'not-dpop-bound'
  | 'invalid-dpop-proof';

export type TokenResult =
  | { readonly ok: true; readonly token: AccessToken; readonly scheme: 'bearer' | 'dpop' }
  | { readonly ok: false; readonly reason: TokenFailure; readonly detail?: DpopFailure };

export interface AccessTokenVerifierOptions {
  /** The authorization server's issuer (the gateway's `authenticateServiceUrl`). */
  readonly issuer: () => string;
  /** The AS's public keys. A new object (key rotation) rebuilds the key set and empties the cache. */
  readonly jwks: () => JSONWebKeySet;
  readonly revocations: RevocationView;
  readonly clock?: Clock;
  /** Most tokens remembered as verified (default 10,000). */
  readonly cacheSize?: number;
  /** Checks DPoP proofs (RFC 9449). Absent: every DPoP-bound token is refused (fail closed). */
  readonly dpop?: DpopProofVerifier;
}

export interface AccessTokenVerifier {
  /**
   * `authorization` is the raw header value; `resource` the route's canonical MCP URL; `request`
   * the method, public URL and DPoP proofs (without it a DPoP-bound token never passes).
   */
  verify(
    authorization: string | undefined,
    resource: string,
    request?: DpopRequest,
  ): Promise<TokenResult>;
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
    async verify(authorization, resource, request) {
      const presented = parseAuthorization(authorization);
      if (presented.kind !== 'token') return { ok: false, reason: presented.kind };
      const now = clock.now();
      currentKeys();
      const entry = cache.get(presented.token, now) ?? (await check(presented.token, now));
      if (typeof entry === 'string') return { ok: false, reason: entry };
      // Compared here, not in jwtVerify, so one cache entry serves every route and a token for
      // route A presented at route B is still refused on a cache hit (research §5 E1).
      if (entry.audience !== resource) return { ok: false, reason: 'wrong-audience' };
      // Unknown while the store is down: fail closed as a temporary outage (edge: 503).
      const outage = revocations.outage?.();
      if (outage !== undefined) throw outage;
      if (revocations.isGrantRevoked(entry.token.grantId)) return { ok: false, reason: 'revoked' };
      if (revocations.isUserDisabled(entry.token.sub)) {
        return { ok: false, reason: 'user-disabled' };
      }
      const { jkt } = entry.token;
      if (presented.scheme === 'bearer') {
        // RFC 9449 §7.2: a bound token sent as a bearer token is refused, or DPoP protects nothing.
        return jkt === null
          ? { ok: true, token: entry.token, scheme: 'bearer' }
          : { ok: false, reason: 'dpop-bound' };
      }
      if (jkt === null) return { ok: false, reason: 'not-dpop-bound' };
      if (options.dpop === undefined || request === undefined) {
        return { ok: false, reason: 'invalid-dpop-proof', detail: 'dpop-missing' };
      }
      const failure = await options.dpop.verify(request, presented.token, jkt, now);
      if (failure !== undefined)
        return { ok: false, reason: 'invalid-dpop-proof', detail: failure };
      return { ok: true, token: entry.token, scheme: 'dpop' };
    },
  };
}

/** Every jose rejection is a bad token; anything else is our bug and propagates. */
function failureOf(error: unknown): TokenFailure {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JOSEError) return 'invalid';
  throw error;
}
