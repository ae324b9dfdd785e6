import { createHash } from 'node:crypto';
import type { Clock, RecordRepository } from '@gatehouse/core';
import { oidcErrors, type ClientInstance, type HookContext } from './module.ts';

/**
 * Signature algorithms a `private_key_jwt` client assertion may use (RFC 7523 §3; MCP
 * authorization "client ID metadata documents"). Asymmetric only: `none` and every HMAC alg are
 * refused, so a public document can never be turned into a shared secret.
 */
export const CLIENT_ASSERTION_ALGS: readonly string[] = ['RS256', 'PS256', 'ES256'];

/** The provider's clock tolerance (seconds); oidc-provider's default, stated here for jti TTLs. */
export const CLOCK_TOLERANCE_S = 15;

/**
 * An assertion valid for longer than this is refused: RFC 7523 §3 item 4 lets the AS bound the
 * lifetime, and every `jti` is remembered until its `exp`, so an unbounded `exp` would be an
 * unbounded row.
 */
export const MAX_ASSERTION_LIFETIME_S = 3_600;

const JTI_KIND = 'oauth-client-assertion-jti';

export interface ClientAssertionDeps {
  readonly records: RecordRepository;
  readonly clock: Clock;
}

type Claims = Readonly<Record<string, unknown>>;

/**
 * oidc-provider's `assertJwtClientAuthClaimsAndHeader` hook. The provider has already checked
 * the signature against the client's JWKS, `alg` against the client's registered alg (or our
 * list), `iss` = client_id, `aud` (issuer or token endpoint URL), `exp`, `nbf` and that `jti` is
 * present. We add what it leaves out or does non-atomically:
 * - `sub` = client_id (RFC 7523 §3 item 2; the provider only looked the client up by it);
 * - an upper bound on the lifetime;
 * - `jti` single use, claimed with one atomic store write (RFC 7523 §3 item 7): the provider's
 *   own replay check is a read then a write, so two nodes (or two requests) could both pass it.
 *   The claim lives in the Store until `exp`, so a restart or another node still sees it.
 */
export function clientAssertionHook(deps: ClientAssertionDeps) {
  return async (
    _ctx: HookContext,
    claims: Claims,
    header: Claims,
    client: ClientInstance,
  ): Promise<void> => {
    const fail = (detail: string) => new oidcErrors.InvalidClientAuth(detail);
    if (typeof header['alg'] !== 'string' || !CLIENT_ASSERTION_ALGS.includes(header['alg'])) {
      throw fail('client assertion alg must be RS256, PS256 or ES256');
    }
    if (claims['sub'] !== client.clientId) {
      throw fail('sub (JWT subject) must be the client_id');
    }
    const exp = claims['exp'];
    const jti = claims['jti'];
    const nowMs = deps.clock.now();
    if (typeof exp !== 'number' || exp * 1000 - nowMs > MAX_ASSERTION_LIFETIME_S * 1000) {
      throw fail('the client assertion must expire within an hour');
    }
    if (typeof jti !== 'string' || jti === '') {
      throw fail('unique jti (JWT ID) must be provided in the client_assertion JWT');
    }
    const key = createHash('sha256').update(`${client.clientId}\n${jti}`).digest('base64url');
    const uses = await deps.records.increment(
      JTI_KIND,
      key,
      nowMs,
      (exp + CLOCK_TOLERANCE_S) * 1000,
    );
    if (uses > 1) throw fail('client assertion tokens must only be used once');
  };
}
