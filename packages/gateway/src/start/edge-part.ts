import { systemClock } from '@gatehouse/core';
import { createEdge } from '../edge/edge.ts';
import type { Edge } from '../edge/types.ts';
import { createProxy, createStaticUpstream, type Proxy } from '../proxy/index.ts';
import { createSchemeUpstream } from '../tunnel-accounts/index.ts';
import { createAuditLog, type AuditLog } from '../mcp/audit.ts';
import { createReplayer, createTrafficInspector, type TrafficInspector } from '../traffic/index.ts';
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
): {
  readonly edge: Edge;
  readonly proxy: Proxy;
  readonly traffic: TrafficInspector;
  readonly audit: AuditLog;
} {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const { store, sessions, signer, tunnel, authorizationServer, revocations, metrics } = services;
  const config = () => live.config;
  const jwksJson = JSON.stringify(signer.jwks());
  // Static upstreams by TCP/TLS (or the caller's), `tunnel://` ones through the SSH server.
  const upstream = createSchemeUpstream(
    options.upstream ?? createStaticUpstream(),
    options.tunnelUpstream,
  );
  const proxy = createProxy({ upstream, logger });
  const audit = createAuditLog({
    records: store.records,
    logger: logger.child({ component: 'audit' }),
    clock,
  });
  // The MCP traffic inspector (issue 16); its replays use the same upstream, signer and audit.
  const traffic = createTrafficInspector({
    config,
    store,
    clock,
    logger: logger.child({ component: 'traffic' }),
    ...(options.uncapturedTunnelRoute === undefined
      ? {}
      : { uncapturedTunnelRoute: options.uncapturedTunnelRoute }),
  });
  traffic.setReplayer(
    createReplayer({
      config,
      tunnelRoutes: tunnel.routes,
      upstream,
      signer,
      audit,
      logger,
      clock,
      inspector: traffic,
    }),
  );
  // Tests may substitute the inspector the pages read (`trafficInspector`); else the gateway's.
  const authListener = createAuthListener({
    traffic: () => options.trafficInspector ?? traffic,
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
    traffic,
    authUrl: () => live.config.authenticateServiceUrl,
    jwksJson: () => jwksJson,
    mcp: createMcpResource({
      config,
      store,
      authorizationServer,
      revocations,
      audit,
      logger,
      clock,
    }),
  });
  return { edge, proxy, traffic, audit };
}
