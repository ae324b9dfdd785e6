import type { Clock, OAuthRepository } from '@gatehouse/core';

/** How long a rotated refresh token still works (research spikes §2 pitfall 5). */
export const REFRESH_REUSE_WINDOW_MS = 10_000;

/**
 * The reuse window for rotated refresh tokens. oidc-provider revokes the whole grant when a
 * consumed refresh token comes back; MCP clients routinely refresh in parallel (several tabs or
 * requests racing on one expired token), which then logs the user out. So a consumed token is
 * accepted again for 10 s — but only while no successor has been used: once the client moved
 * on (RT2 redeemed), RT1 is a replay and revokes the family (RFC 9700 §4.14.2; research C3/C4).
 */
export function createRefreshReuse(oauth: OAuthRepository, clock: Clock) {
  return {
    async allows(payload: Readonly<Record<string, unknown>>): Promise<boolean> {
      const consumed = payload['consumed'];
      if (typeof consumed !== 'number') return true;
      if (clock.now() - consumed * 1000 > REFRESH_REUSE_WINDOW_MS) return false;
      const { accountId, grantId } = payload;
      if (typeof accountId !== 'string' || typeof grantId !== 'string') return false;
      const rotations = typeof payload['rotations'] === 'number' ? payload['rotations'] : 0;
      const family = await oauth.listByAccount('RefreshToken', accountId);
      return !family.some(
        (other) =>
          other['grantId'] === grantId &&
          typeof other['rotations'] === 'number' &&
          other['rotations'] > rotations &&
          other['consumed'] !== undefined,
      );
    },
  };
}

export type RefreshReuse = ReturnType<typeof createRefreshReuse>;
