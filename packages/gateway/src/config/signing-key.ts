import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { GatehouseError } from '@gatehouse/core';
import { calculateJwkThumbprint } from 'jose';

/** The ES256 key that signs identity assertions. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  /** Public half for the JWKS, with `kid`, `alg: ES256` and `use: sig`. */
  readonly publicJwk: JsonWebKey;
  /** RFC 7638 JWK thumbprint (SHA-256) of the public key. */
  readonly kid: string;
}

/** A new EC P-256 private key as PKCS#8 PEM. */
export function generateSigningKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Parses a PEM private key (PKCS#8 or SEC1); it must be EC P-256. Never echoes the content. */
export async function parseSigningKey(pem: Buffer, path: string): Promise<SigningKey> {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw new GatehouseError(
      'ERR_SECRET_INVALID',
      `signing key ${path} is not an unencrypted PEM private key`,
      { cause: error },
    );
  }
  const details = privateKey.asymmetricKeyDetails;
  if (privateKey.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1') {
    throw new GatehouseError(
      'ERR_SECRET_INVALID',
      `signing key ${path} must be an EC P-256 key (ES256), got ${privateKey.asymmetricKeyType ?? 'unknown'}` +
        (details?.namedCurve === undefined ? '' : ` ${details.namedCurve}`),
    );
  }
  const { kty, crv, x, y } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (kty === undefined || crv === undefined || x === undefined || y === undefined) {
    throw new GatehouseError('ERR_SECRET_INVALID', `signing key ${path} has no usable public key`);
  }
  // RFC 7638 §3.2: the thumbprint covers the required members only (crv, kty, x, y).
  const kid = await calculateJwkThumbprint({ kty, crv, x, y }, 'sha256');
  const publicJwk: JsonWebKey = Object.freeze({ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' });
  return Object.freeze({ privateKey, publicJwk, kid });
}
