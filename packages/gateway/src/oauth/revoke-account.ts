import type { OAuthRepository } from '@gatehouse/core';

/**
 * Revokes everything an account holds at the authorization server (used when the account is
 * disabled): every grant, so refresh tokens die and the resource server refuses access tokens
 * by `gid`, and every provider session.
 */
export async function revokeAccountGrants(
  oauth: OAuthRepository,
  accountId: string,
): Promise<void> {
  const grants = await oauth.listByAccount('Grant', accountId);
  const refreshTokens = await oauth.listByAccount('RefreshToken', accountId);
  const grantIds = new Set<string>();
  for (const grant of grants) if (typeof grant['jti'] === 'string') grantIds.add(grant['jti']);
  for (const token of refreshTokens) {
    if (typeof token['grantId'] === 'string') grantIds.add(token['grantId']);
  }
  for (const grantId of grantIds) await oauth.revokeByGrantId(grantId);
  for (const session of await oauth.listByAccount('Session', accountId)) {
    if (typeof session['jti'] === 'string') await oauth.destroy('Session', session['jti']);
  }
}
