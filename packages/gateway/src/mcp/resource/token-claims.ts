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
  /**
   * RFC 9449 §6.1: the RFC 7638 thumbprint of the key the token is bound to (`cnf.jkt`), or null
   * for a plain Bearer token. A bound token is usable only with a DPoP proof signed by that key.
   */
  readonly jkt: string | null;
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
  const jkt = confirmationOf(payload['cnf']);
  if (jkt === undefined) return undefined;
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
    jkt,
  });
}

/**
 * `cnf` (RFC 7800): null when absent, the `jkt` when it is the only confirmation method. Any other
 * binding (mTLS `x5t#S256`, …) cannot be checked here, so the token is refused (undefined).
 */
function confirmationOf(cnf: unknown): string | null | undefined {
  if (cnf === undefined) return null;
  if (typeof cnf !== 'object' || cnf === null || Array.isArray(cnf)) return undefined;
  const entries = Object.entries(cnf);
  const jkt = (cnf as Record<string, unknown>)['jkt'];
  if (entries.length !== 1 || typeof jkt !== 'string' || jkt === '') return undefined;
  return jkt;
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
