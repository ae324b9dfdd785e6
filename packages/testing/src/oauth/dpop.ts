import { createHash, randomUUID } from 'node:crypto';
import {
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWK,
} from 'jose';

/** A DPoP client's key pair (RFC 9449 §2): the public half travels in every proof. */
export interface DpopKey {
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
  readonly jkt: string;
}

export async function dpopKey(alg = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const jwk = await exportJWK(publicKey);
  return { alg, privateKey, jwk, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
}

export interface ProofClaims {
  readonly htm: string;
  readonly htu: string;
  /** The access token the proof accompanies (sets `ath`). */
  readonly token?: string;
  readonly iat?: number;
  readonly jti?: string;
  /** Override `ath` as given (for the wrong-ath test). */
  readonly ath?: string;
}

/** An RFC 9449 §4.2 proof, as a correct client builds it. */
export function dpopProof(
  key: DpopKey,
  claims: ProofClaims,
  header: Record<string, unknown> = {},
): Promise<string> {
  const ath =
    claims.ath ??
    (claims.token === undefined
      ? undefined
      : createHash('sha256').update(claims.token).digest('base64url'));
  return new SignJWT({
    htm: claims.htm,
    htu: claims.htu,
    jti: claims.jti ?? randomUUID(),
    ...(ath === undefined ? {} : { ath }),
  })
    .setProtectedHeader({ alg: key.alg, typ: 'dpop+jwt', jwk: key.jwk, ...header })
    .setIssuedAt(claims.iat ?? Math.floor(Date.now() / 1000))
    .sign(key.privateKey);
}

/** `htu`: the request URL without query and fragment (RFC 9449 §4.2). */
export function htuOf(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}
