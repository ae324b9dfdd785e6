import type { PublicKeyAuthContext } from 'ssh2';
import type { ClientKey } from './key-info.ts';

/**
 * RFC 4252 §7: the client proves it holds the private key by signing the session id and the
 * request. ssh2 hands us the signature but does not check it: an unchecked key is no identity.
 */
export function signatureIsValid(ctx: PublicKeyAuthContext, key: ClientKey): boolean {
  if (ctx.signature === undefined || ctx.blob === undefined) return false;
  try {
    return key.parsed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
  } catch {
    return false;
  }
}
