import { GatehouseError } from '@gatehouse/core';

/**
 * Internal codes the authorization server raises. OAuth wire errors (`invalid_grant`,
 * `invalid_target`, …) are oidc-provider's error classes or `sendOAuthError`, never these.
 */
export const OAUTH_ERROR_CODES = {
  /** A client-supplied URL the server will not fetch (scheme, host, port or shape). */
  fetchUrl: 'ERR_OAUTH_FETCH_URL',
  /** The host resolves to an address in a blocked range (private, loopback, link-local, …). */
  fetchBlocked: 'ERR_OAUTH_FETCH_BLOCKED',
  /** DNS resolution failed. */
  fetchResolve: 'ERR_OAUTH_FETCH_RESOLVE',
  /** The response was larger than the limit. */
  fetchTooLarge: 'ERR_OAUTH_FETCH_TOO_LARGE',
  /** Connection, TLS or timeout failure. */
  fetchFailed: 'ERR_OAUTH_FETCH_FAILED',
} as const;

export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[keyof typeof OAUTH_ERROR_CODES];

export function oauthError(code: OAuthErrorCode, message: string, cause?: unknown): GatehouseError {
  return new GatehouseError(code, message, cause === undefined ? undefined : { cause });
}
