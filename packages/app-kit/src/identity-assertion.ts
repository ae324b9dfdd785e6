import type { IncomingMessage } from 'node:http';
import { GatehouseError } from '@gatehouse/core';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';

/** The request header in which the Gatehouse gateway sends its signed identity assertion. */
export const IDENTITY_ASSERTION_HEADER = 'x-gatehouse-jwt-assertion';

export interface IdentityAssertionVerifierOptions {
  /** The gateway's key set, e.g. `https://auth.example.com/.well-known/gatehouse/jwks.json`. */
  readonly jwksUrl: string | URL;
  /** The gateway's issuer (its public origin). */
  readonly issuer: string;
  /** This app's route origin as configured at the gateway (`from`). */
  readonly audience: string;
}

/** Who the gateway says made the request. */
export interface IdentityClaims {
  readonly sub: string;
  readonly email: string | null;
  readonly name: string | null;
  readonly groups: readonly string[];
  /** Seconds since the epoch. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

export interface IdentityAssertionVerifier {
  /** Verifies a token (the header's value); rejects with ERR_ASSERTION_INVALID. */
  verify(tokenOrHeaderValue: string | undefined): Promise<IdentityClaims>;
  /** Reads the header from a Fetch Request or a node:http request and verifies it. */
  fromRequest(req: Request | IncomingMessage): Promise<IdentityClaims>;
}

/**
 * Lets an app behind Gatehouse trust who the user is: only a token signed by the gateway
 * (ES256, keys fetched and cached from its JWKS), issued for this app's route and unexpired
 * is accepted, so a token replayed from another route (`aud`) or forged headers fail.
 */
export function createIdentityAssertionVerifier(
  options: IdentityAssertionVerifierOptions,
): IdentityAssertionVerifier {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl));
  const verify = async (value: string | undefined): Promise<IdentityClaims> => {
    const token = value?.trim() ?? '';
    if (token === '') throw invalid('the identity assertion is missing');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['ES256'],
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch (error) {
      // jose's messages name the failed check (claim, signature, key), never the token.
      const reason = error instanceof Error ? error.message : 'verification failed';
      throw invalid(`the identity assertion was rejected: ${reason}`, error);
    }
    return toClaims(payload);
  };
  return {
    verify,
    fromRequest: (req) => verify(headerOf(req)),
  };
}

function headerOf(req: Request | IncomingMessage): string | undefined {
  if (req.headers instanceof Headers)
    return req.headers.get(IDENTITY_ASSERTION_HEADER) ?? undefined;
  const value = req.headers[IDENTITY_ASSERTION_HEADER];
  // Two assertion headers mean someone added one; trust neither.
  return typeof value === 'string' ? value : undefined;
}

function toClaims(payload: JWTPayload): IdentityClaims {
  const { sub, iat, exp, email, name, groups = [] } = payload;
  if (
    typeof sub !== 'string' ||
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    !isOptionalString(email) ||
    !isOptionalString(name) ||
    !isStringArray(groups)
  ) {
    throw invalid('the identity assertion has malformed claims');
  }
  return { sub, email: email ?? null, name: name ?? null, groups, issuedAt: iat, expiresAt: exp };
}

function isOptionalString(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === 'string';
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function invalid(message: string, cause?: unknown): GatehouseError {
  return new GatehouseError('ERR_ASSERTION_INVALID', message, { cause });
}
