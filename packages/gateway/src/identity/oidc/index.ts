/**
 * Upstream OpenID Connect sign-in (authorization code + PKCE S256 + nonce, RFC 9207 `iss`) on
 * openid-client 6. Pending sign-ins live in the RecordRepository (kind `oidc-pending`, 10 min).
 *
 * Error codes: ERR_OIDC_DISCOVERY, ERR_OIDC_STATE, ERR_OIDC_ISSUER_MISMATCH, ERR_OIDC_CALLBACK,
 * ERR_OIDC_EXCHANGE. Messages never carry the code, tokens, verifier or client secret.
 *
 * @example
 *   const idp = createOidcProvider({ id: 'corp', issuer, clientId, clientSecret,
 *     scopes: ['openid', 'email', 'profile'], redirectUri, store: store.records });
 *   const { authorizationUrl, state } = await idp.begin({ returnTo });   // cookie ← state
 *   const { identity, returnTo } = await idp.complete(callbackUrl, cookieState);
 */
export { createOidcProvider } from './provider.ts';
export { OIDC_ERROR_CODES } from './errors.ts';
export type { OidcErrorCode } from './errors.ts';
export { PENDING_KIND as OIDC_PENDING_KIND } from './pending.ts';
export type {
  OidcBeginResult,
  OidcCompleteResult,
  OidcIdentity,
  OidcIdentityProvider,
  OidcProviderConfig,
} from './types.ts';
