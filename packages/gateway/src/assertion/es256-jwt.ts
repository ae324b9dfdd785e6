import { sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * A compact JWS (RFC 7515 §7.1) signed with ES256 (RFC 7518 §3.4): the signature is the raw
 * 64-byte R||S pair, not DER, hence `ieee-p1363`.
 */
export function signEs256Jwt(
  privateKey: KeyObject,
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

function base64url(value: Readonly<Record<string, unknown>>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
