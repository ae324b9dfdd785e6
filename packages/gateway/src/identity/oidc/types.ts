import type { Clock, Logger, RecordRepository } from '@gatehouse/core';

export interface OidcProviderConfig {
  /** The identity provider id from config (`google`, `corp`); part of the session's user id. */
  readonly id: string;
  /** Issuer identifier; discovery reads `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  readonly clientId: string;
  /** Absent for a public client (token endpoint auth `none`). */
  readonly clientSecret?: string;
  readonly scopes: readonly string[];
  /** Exact redirect URI registered at the IdP, e.g. `http://auth.localhost:8787/oauth2/callback/<id>`. */
  readonly redirectUri: string;
  /** Pending sign-ins live here (kind `oidc-pending`, key = `state`). */
  readonly store: RecordRepository;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** For tests and dev only: allow an http:// issuer (openid-client refuses by default). */
  readonly allowInsecureRequests?: boolean;
}

/** Who signed in, as the upstream IdP asserted it. Never carries tokens. */
export interface OidcIdentity {
  readonly subject: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly name: string | null;
  readonly groups: string[];
  /** ID token and userinfo claims minus protocol claims (nonce, at_hash, exp, …). */
  readonly claims: Record<string, unknown>;
}

export interface OidcBeginResult {
  /** Where to send the browser. */
  readonly authorizationUrl: string;
  /** Opaque; bind it to the browser with a short-lived cookie and pass it back to `complete`. */
  readonly state: string;
}

export interface OidcCompleteResult {
  readonly identity: OidcIdentity;
  readonly returnTo: string;
}

export interface OidcIdentityProvider {
  readonly id: string;
  /**
   * Discovers the issuer lazily (cached; re-tried after a failure) and records a pending sign-in
   * with PKCE S256, a random state and nonce, and `returnTo`. The caller validates `returnTo`.
   */
  begin(input: { readonly returnTo: string }): Promise<OidcBeginResult>;
  /**
   * Handles the callback URL. `expectedState` is the value from the browser's cookie. The
   * pending record is consumed first, so every callback is single use, even a failing one.
   */
  complete(callbackUrl: URL, expectedState: string | undefined): Promise<OidcCompleteResult>;
}
