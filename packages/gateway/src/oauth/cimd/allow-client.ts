import type { ClientInstance } from '../provider/module.ts';

// JWK members that only a private (or symmetric) key has.
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * Checks on a CIMD client once the provider has validated its document (which already refuses
 * `client_secret` and shared-secret auth methods, and a `client_id` that differs from the URL —
 * research §5 D6). We add: public clients only (D11: a document offering only `private_key_jwt`
 * is refused, never downgraded to `none`), and no private key material in `jwks` (D9).
 */
export function isAcceptableCimdClient(client: ClientInstance): boolean {
  if (client.tokenEndpointAuthMethod !== 'none') return false;
  const keys = client.jwks?.keys ?? [];
  return !keys.some((key) => PRIVATE_JWK_MEMBERS.some((member) => member in key));
}
