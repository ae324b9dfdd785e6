import { systemClock } from '@gatehouse/core';
import { createEdge } from '../edge/edge.ts';
import type { Edge } from '../edge/types.ts';
import { createProxy, createStaticUpstream, type Proxy } from '../proxy/index.ts';
import { createSchemeUpstream } from '../tunnel/index.ts';
import { createAuthListener } from './auth-listener.ts';
import type { Live } from './live.ts';
import { createMcpResource } from './mcp-resource.ts';
import type { GatewayOptions } from './options.ts';
import type { Services } from './services.ts';

/**
 * The edge with its parts: the auth host's listener, the MCP resource server, the proxy (whose
 * upstream reaches static routes directly and `tunnel://` routes through `tunnelUpstream`).
 */
export function createGatewayEdge(
  options: GatewayOptions,
  live: Live,
  services: Services,
): { readonly edge: Edge; readonly proxy: Proxy } {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const { store, sessions, signer, tunnel, authorizationServer, revocations, metrics } = services;
  const config = () => live.config;
  const jwksJson = JSON.stringify(signer.jwks());
  const authListener = createAuthListener({
    config,
    store,
    sessions,
    cookieSecret: services.secrets.cookieSecret,
    oidc: () => live.oidc,
    signer,
    authorizationServer,
    tunnel,
    ownRedirectUris: options.ownRedirectUris ?? [],
    logger,
    clock,
  });
  // Static upstreams by TCP/TLS (or the caller's), `tunnel://` ones through the SSH server.
  const proxy = createProxy({
    upstream: createSchemeUpstream(
      options.upstream ?? createStaticUpstream(),
      options.tunnelUpstream,
    ),
    logger,
  });
  const edge = createEdge({
    config,
    sessions,
    store,
    proxy,
    signer,
    metrics,
    logger,
    clock,
    authListener,
    tls: live.config.tls !== undefined,
    tunnelRoutes: tunnel.routes,
    authUrl: () => live.config.authenticateServiceUrl,
    jwksJson: () => jwksJson,
    mcp: createMcpResource({ config, store, authorizationServer, revocations, logger, clock }),
  });
  return { edge, proxy };
}
