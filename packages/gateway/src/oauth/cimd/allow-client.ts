import type { ClientInstance, HookContext } from '../provider/module.ts';
import { CIMD_AUTH_METHODS, chooseCimdAuthMethod } from './auth-method.ts';

// JWK members that only a private (or symmetric) key has.
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * Checks on a CIMD client once the provider has validated its document (which already refuses
 * `client_secret` and shared-secret auth methods, a `client_id` that differs from the URL, and a
 * `private_key_jwt` client without `jwks`/`jwks_uri` — research §5 D6). Runs on every lookup, so
 * it also picks this request's method for a document that offers two (auth-method.ts). We add:
 * `none` or `private_key_jwt` only (D11: a document offering only `private_key_jwt` keeps it and
 * is never downgraded to `none`), and no private key material in `jwks` (D9).
 */
export function isAcceptableCimdClient(
  ctx: HookContext | undefined,
  client: ClientInstance,
): boolean {
  chooseCimdAuthMethod(ctx, client);
  if (!CIMD_AUTH_METHODS.has(client.tokenEndpointAuthMethod ?? '')) return false;
  const keys = client.jwks?.keys ?? [];
  return !keys.some((key) => PRIVATE_JWK_MEMBERS.some((member) => member in key));
}
