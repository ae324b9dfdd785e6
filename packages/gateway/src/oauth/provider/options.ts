import type { Clock, Logger, Store } from '@gatehouse/core';
import type { GatewayConfig } from '../../config/types.ts';
import type { SigningKey } from '../../config/secrets.ts';
import type { IdentityLookup } from '../../identity/lookup.ts';
import type { ExtraResource } from './resources.ts';

/**
 * What the authorization server is built from. Its own file because both `server.ts` (the
 * public entry) and `provider/build.ts` (which `server.ts` imports) need it.
 */
export interface AuthorizationServerOptions {
  /** Live config: the provider is rebuilt when the issuer or `oauth` changes. */
  readonly config: () => GatewayConfig;
  readonly store: Store;
  /** Signs JWT access tokens (ES256, `typ: at+jwt`). */
  readonly signingKey: SigningKey;
  /** Cookie-signing keys for the provider are derived from it (HKDF). */
  readonly cookieSecret: Buffer;
  readonly identityOf: IdentityLookup;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Test hook: extra CA certificates for CIMD https fetches (a locally served document). */
  readonly cimdCa?: string | Buffer;
  /** Resources beyond the configured MCP routes (the SSH tunnel's routes). */
  readonly extraResource?: ExtraResource;
}

/** The same options once `server.ts` has filled in the default clock. */
export type ProviderBuilderOptions = Omit<AuthorizationServerOptions, 'clock'> & {
  readonly clock: Clock;
};
