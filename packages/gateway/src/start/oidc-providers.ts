import type { Clock, Logger, Store } from '@gatehouse/core';
import type { GatewayConfig } from '../config/index.ts';
import { createOidcProvider, type OidcIdentityProvider } from '../identity/oidc/index.ts';

/** The upstream OIDC identity providers of a config, by id (rebuilt on every reload). */
export function buildOidcProviders(
  config: GatewayConfig,
  deps: {
    readonly store: Store;
    readonly clock: Clock;
    readonly logger: Logger;
    /** Allow http:// issuers (tests and local development only). */
    readonly allowInsecure: boolean;
  },
): Map<string, OidcIdentityProvider> {
  const providers = new Map<string, OidcIdentityProvider>();
  for (const p of config.identityProviders) {
    if (p.type !== 'oidc') continue;
    providers.set(
      p.id,
      createOidcProvider({
        id: p.id,
        issuer: p.issuer,
        clientId: p.clientId,
        ...(p.clientSecret === undefined ? {} : { clientSecret: p.clientSecret }),
        scopes: p.scopes,
        redirectUri: `${config.authenticateServiceUrl}/oauth2/callback/${p.id}`,
        store: deps.store.records,
        clock: deps.clock,
        logger: deps.logger.child({ idp: p.id }),
        allowInsecureRequests: deps.allowInsecure,
      }),
    );
  }
  return providers;
}
