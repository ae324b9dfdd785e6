/** A user of the test IdP. `email_verified` defaults to true. */
export interface OidcIdpUser {
  readonly sub: string;
  readonly email: string;
  readonly password: string;
  readonly name?: string;
  readonly groups?: readonly string[];
  readonly email_verified?: boolean;
}

/** A registered client. Without `client_secret` it is public (`token_endpoint_auth_method: none`). */
export interface OidcIdpClient {
  readonly client_id: string;
  readonly client_secret?: string;
  readonly redirect_uris: readonly string[];
}

export interface OidcIdpOptions {
  /** Default: {@link DEFAULT_OIDC_USER}. */
  readonly users?: readonly OidcIdpUser[];
  /** Default: {@link DEFAULT_OIDC_CLIENT}. */
  readonly clients?: readonly OidcIdpClient[];
  /** Serve the IdP under a path (`/realms/test`), making the issuer `http://127.0.0.1:<port>/realms/test`. */
  readonly issuerPath?: string;
  /** Listen on this port instead of a free one (to start an IdP at an address a client already knows). */
  readonly port?: number;
}

export interface OidcCredentials {
  readonly email: string;
  readonly password: string;
}

export interface OidcIdp {
  /** Issuer identifier, no trailing slash: `http://127.0.0.1:<port>[<issuerPath>]`. */
  readonly issuer: string;
  readonly port: number;
  /** {@link authorizeWithForm} bound to this IdP. */
  authorizeWithForm(
    authorizationUrl: string,
    credentials: OidcCredentials | 'cancel',
  ): Promise<string>;
  close(): Promise<void>;
}

export const DEFAULT_OIDC_USER: OidcIdpUser = Object.freeze({
  sub: 'user-ada',
  email: 'ada@example.com',
  password: 'correct horse battery staple',
  name: 'Ada Lovelace',
  groups: Object.freeze(['engineering', 'admins']),
  email_verified: true,
});

export const DEFAULT_OIDC_CLIENT: OidcIdpClient = Object.freeze({
  client_id: 'gatehouse',
  client_secret: 'test-client-secret-not-for-production',
  redirect_uris: Object.freeze(['http://auth.localhost:8787/oauth2/callback/corp']),
});
