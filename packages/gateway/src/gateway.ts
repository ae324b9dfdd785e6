import { systemClock } from '@gatehouse/core';
import type { GatewayConfig } from './config/index.ts';
import { createEdgeListeners } from './edge/listeners.ts';
import { createGatewayEdge } from './start/edge-part.ts';
import { firstRunLink } from './start/first-run.ts';
import { listenAll } from './start/listen.ts';
import type { Live } from './start/live.ts';
import { buildOidcProviders } from './start/oidc-providers.ts';
import type { GatewayOptions, RunningGateway } from './start/options.ts';
import { runningGateway, type RunningParts } from './start/running.ts';
import { startServices } from './start/services.ts';
import { startPurgingExpired } from './store/purge-expired.ts';
import { startGatewayTls } from './tls/gateway-tls.ts';

export type { GatewayOptions, RunningGateway } from './start/options.ts';

/**
 * Starts the gateway: storage, secrets, the edge listener and (when configured) the admin
 * listener. This only wires the parts under `start/`, `edge/` and `tls/` together.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  for (const w of options.config.warnings) logger.warn({ config: options.config.source }, w);
  const live: Live = { config: options.config, oidc: new Map(), port: 0 };
  const config = () => live.config;
  const services = await startServices(options, live, clock);
  const { store, revocations, metrics, tunnel } = services;
  const oidcOf = (c: GatewayConfig) =>
    buildOidcProviders(c, {
      store,
      clock,
      logger,
      allowInsecure: options.allowInsecureIdentityProviders === true,
    });
  live.oidc = oidcOf(live.config);
  const { edge, proxy, traffic, audit } = createGatewayEdge(options, live, services);
  await traffic.restore();
  const edgeTls = await startGatewayTls({
    config,
    store,
    clock,
    logger,
    metrics,
    tunnelRoutes: tunnel.routes,
    edgePort: () => live.port,
    acmeRetry: options.acmeRetry,
  }).catch(async (error: unknown) => {
    revocations.stop();
    await store.close();
    throw error;
  });
  const { server, httpServer, inFlight } = createEdgeListeners({
    edge,
    tls: edgeTls,
    withHttpListener: live.config.httpListen !== undefined,
    requestReadTimeoutMs: () => live.config.requestReadTimeoutMs,
    logger,
  });
  const listening = await listenAll({
    config,
    server,
    httpServer,
    metrics,
    nodeId: services.nodeId,
    logger,
  }).catch(async (error: unknown) => {
    edgeTls?.close();
    await store.close();
    throw error;
  });
  live.port = listening.port;
  edgeTls?.start();
  const link = await firstRunLink(live.config, store, clock, options.adminEmail);
  const parts: RunningParts = {
    logger,
    store,
    audit,
    proxy,
    server,
    httpServer,
    admin: listening.admin,
    edgeTls,
    revocations,
    inFlight,
    config,
    tunnelRoutes: tunnel.routes,
    stopPurging: startPurgingExpired(store, clock, logger),
    swap: (next) => {
      const nextOidc = oidcOf(next);
      live.config = next;
      live.oidc = nextOidc;
    },
  };
  return runningGateway(parts, listening, tunnel.accounts, link, traffic, services.nodeId);
}
