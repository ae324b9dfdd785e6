import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/** RFC 7523 §2.2 client assertion type. */
export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A client's signing key: the private half signs assertions, the JWK goes in its JWKS. */
export interface ClientKey {
  readonly alg: 'RS256' | 'PS256' | 'ES256';
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export async function clientKey(alg: ClientKey['alg'] = 'RS256'): Promise<ClientKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicJwk };
}

export interface AssertionClaims {
  readonly clientId: string;
  /** The token endpoint or the issuer. */
  readonly aud: string;
  readonly iss?: string;
  readonly sub?: string;
  readonly jti?: string;
  /** Seconds from now. Default 60. */
  readonly expiresIn?: number;
  /** Leave `exp` out altogether. */
  readonly noExp?: boolean;
}

/** A signed RFC 7523 client assertion, as ChatGPT sends it at the token endpoint. */
export async function signAssertion(key: ClientKey, claims: AssertionClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(claims.iss ?? claims.clientId)
    .setSubject(claims.sub ?? claims.clientId)
    .setAudience(claims.aud)
    .setIssuedAt(now)
    .setJti(claims.jti ?? randomUUID());
  if (claims.noExp !== true) jwt.setExpirationTime(now + (claims.expiresIn ?? 60));
  return jwt.sign(key.privateKey);
}

/** An unsigned (`alg: none`) or HS256 assertion with otherwise valid claims: must be refused. */
export async function forgedAssertion(
  kind: 'none' | 'HS256',
  claims: AssertionClaims,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: claims.clientId,
    sub: claims.clientId,
    aud: claims.aud,
    iat: now,
    exp: now + 60,
    jti: randomUUID(),
  };
  if (kind === 'HS256') {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a shared secret nobody registered'));
  }
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}

/** Form fields that authenticate a token request with `assertion`. */
export function assertionFields(clientId: string, assertion: string): Record<string, string> {
  return {
    client_id: clientId,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion,
  };
}
