import type { Logger } from '@gatehouse/core';
import type { HookContext } from './module.ts';

const MAX_CLIENT_ID_LOGGED = 256;

/**
 * Listener for the provider's `grant.error` and `revocation.error` events. The wire answer to a
 * failed client authentication is only "client authentication failed" (RFC 6749 §5.2 needs no
 * more, and more would help an attacker); the operator gets the reason, e.g. a reused `jti`, a
 * wrong `aud` or a `jwks_uri` that could not be fetched. Reasons are the provider's and our fixed
 * texts and their causes: never the assertion, a secret or a token.
 */
export function logClientAuthFailure(logger: Logger, ctx: unknown, error: unknown): void {
  if ((error as { error?: unknown } | undefined)?.error !== 'invalid_client') return;
  const oidc = (ctx as HookContext).oidc;
  const param = oidc.params?.['client_id'];
  const clientId =
    oidc.client?.clientId ??
    (typeof param === 'string' ? param.slice(0, MAX_CLIENT_ID_LOGGED) : undefined);
  logger.warn({ clientId, reason: reasonOf(error) }, 'client authentication failed');
}

/** The provider's detail plus its causes ("invalid_client_metadata" alone says little). */
function reasonOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const e = current as { error_detail?: unknown; error_description?: unknown; message?: unknown };
    const text = depth === 0 ? e.error_detail : (e.error_description ?? e.message);
    if (typeof text === 'string' && !parts.includes(text)) parts.push(text);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(': ') || 'unknown';
}
