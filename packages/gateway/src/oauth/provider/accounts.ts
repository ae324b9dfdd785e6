import type { IdentityLookup } from '../../identity/lookup.ts';
import type { HookContext, TokenInstance } from './module.ts';

/**
 * `findAccount` and `extraTokenClaims` for the provider. The account is looked up on every code
 * exchange and refresh, so a disabled or deleted user gets `invalid_grant` at the next refresh
 * (research C10) rather than tokens until the refresh token expires.
 */
export function accountHooks(identityOf: IdentityLookup) {
  return {
    findAccount: async (_ctx: HookContext, sub: string) => {
      const identity = await identityOf(sub);
      if (identity === undefined || identity.disabled) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: identity.email, name: identity.name }),
      };
    },

    // Carried in the JWT access token so the resource server authorizes without a database
    // read; `gid` lets it refuse tokens of a revoked grant.
    extraTokenClaims: async (_ctx: HookContext, token: TokenInstance) => {
      if (token.kind !== 'AccessToken' || token.accountId === undefined) return undefined;
      const identity = await identityOf(token.accountId);
      return {
        email: identity?.email ?? null,
        name: identity?.name ?? null,
        groups: [...(identity?.groups ?? [])],
        gid: token.grantId,
      };
    },
  };
}
