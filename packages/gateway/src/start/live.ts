import type { GatewayConfig } from '../config/index.ts';
import type { OidcIdentityProvider } from '../identity/oidc/index.ts';

/**
 * What changes while the gateway runs: the config (swapped whole on reload, never edited), the
 * identity providers built from it, and the edge's port once it is bound. Every part reads it
 * through a getter, so a reload reaches them all at once.
 */
export interface Live {
  config: GatewayConfig;
  oidc: ReadonlyMap<string, OidcIdentityProvider>;
  /** The edge's bound port; 0 until it listens. */
  port: number;
}
