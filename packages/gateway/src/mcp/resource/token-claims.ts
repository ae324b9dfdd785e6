import type { JWTPayload } from 'jose';

/** What the edge learns from a valid access token issued by our authorization server. */
export interface AccessToken {
  readonly sub: string;
  readonly email: string | null;
  readonly name: string | null;
  readonly groups: readonly string[];
  readonly clientId: string;
  readonly scope: readonly string[];
  /** The oidc-provider grant id (`gid`): revoking the grant refuses the token. */
  readonly grantId: string;
  /** Epoch ms (`exp` × 1000). */
  readonly expiresAt: number;
}

/**
 * Maps a signature-checked payload to an AccessToken, or undefined when a claim our AS always
 * issues is absent or of the wrong type. A token without `gid` could not be revoked, so it is
 * refused rather than trusted.
 */
export function accessTokenFrom(payload: JWTPayload): AccessToken | undefined {
  const { sub, exp } = payload;
  const clientId = payload['client_id'];
  const grantId = payload['gid'];
  const scope = payload['scope'];
  if (typeof sub !== 'string' || sub === '' || typeof exp !== 'number') return undefined;
  if (typeof clientId !== 'string' || typeof grantId !== 'string' || grantId === '') {
    return undefined;
  }
  if (scope !== undefined && typeof scope !== 'string') return undefined;
  const groups = payload['groups'];
  return Object.freeze({
    sub,
    email: stringOrNull(payload['email']),
    name: stringOrNull(payload['name']),
    groups: Object.freeze(
      Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    ),
    clientId,
    scope: Object.freeze(scope === undefined ? [] : scope.split(' ').filter((s) => s !== '')),
    grantId,
    expiresAt: exp * 1000,
  });
}

/** The token's audience when it names exactly one; a multi-audience token is never ours. */
export function singleAudience(payload: JWTPayload): string | undefined {
  const { aud } = payload;
  if (typeof aud === 'string') return aud;
  if (Array.isArray(aud) && aud.length === 1) return aud[0];
  return undefined;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
