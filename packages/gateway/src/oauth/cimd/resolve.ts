import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { OAUTH_ERROR_CODES, oauthError } from '../errors.ts';
import { isAllowedAddress } from './address-policy.ts';

export type Resolver = (hostname: string) => Promise<readonly string[]>;

/** Every address the system resolver returns for a name (A and AAAA). */
export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Resolves `hostname` (a WHATWG-parsed URL host: integer, hex and octal IPv4 spellings are
 * already dotted decimal, IPv6 is bracketed) and checks every address. One blocked address
 * refuses the lot: a name that also points inside the network is not a public document host.
 * The caller connects to the returned address, so a second, rebinding lookup never happens.
 */
export async function resolvePublicAddress(
  hostname: string,
  options: { readonly allowLoopback: boolean; readonly resolver: Resolver },
): Promise<{ readonly address: string; readonly family: 4 | 6 }> {
  const literal = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  let addresses: readonly string[];
  if (isIP(literal) !== 0) {
    addresses = [literal];
  } else {
    try {
      addresses = await options.resolver(literal);
    } catch (error) {
      throw oauthError(OAUTH_ERROR_CODES.fetchResolve, 'cannot resolve the host name', error);
    }
  }
  const first = addresses[0];
  if (first === undefined) {
    throw oauthError(OAUTH_ERROR_CODES.fetchResolve, 'the host name has no addresses');
  }
  if (!addresses.every((a) => isAllowedAddress(a, options))) {
    throw oauthError(
      OAUTH_ERROR_CODES.fetchBlocked,
      'the host resolves to a private, loopback, link-local or reserved address',
    );
  }
  return { address: first, family: isIP(first) === 6 ? 6 : 4 };
}
