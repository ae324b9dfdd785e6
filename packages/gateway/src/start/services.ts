import type { Clock, Store } from '@gatehouse/core';
import { createAssertionSigner, type AssertionSigner } from '../assertion/index.ts';
import { createIdentityLookup } from '../identity/lookup.ts';
import { loadOrCreateSecrets, type GatewaySecrets } from '../config/index.ts';
import { createRevocationCache, type RevocationCache } from '../mcp/resource/index.ts';
import { createAuthorizationServer, type AuthorizationServer } from '../oauth/index.ts';
import { newNodeId } from '../cluster/node-id.ts';
import { createMetrics, type Metrics } from '../ops/metrics.ts';
import { createSessionManager, type SessionManager } from '../session/sessions.ts';
import { openConfiguredStore } from '../store/index.ts';
import { createTunnelService, type TunnelService } from '../tunnel-accounts/index.ts';
import type { Live } from './live.ts';
import type { GatewayOptions } from './options.ts';

/** The gateway's long-lived services, before anything listens. */
export interface Services {
  readonly secrets: GatewaySecrets;
  readonly store: Store;
  readonly sessions: SessionManager;
  readonly signer: AssertionSigner;
  readonly tunnel: TunnelService;
  readonly authorizationServer: AuthorizationServer;
  readonly revocations: RevocationCache;
  readonly metrics: Metrics;
  /** This process's node id (`/healthz`, the `node` label of `/metrics`). */
  readonly nodeId: string;
}

/**
 * Secrets, storage, sessions, the assertion signer, tunnel accounts and routes, the OAuth
 * authorization server and the revocation view (refreshed once before the first request).
 */
export async function startServices(
  options: GatewayOptions,
  live: Live,
  clock: Clock,
): Promise<Services> {
  const { logger } = options;
  const config = () => live.config;
  const start = live.config;
  const secrets = await loadOrCreateSecrets({
    dataDir: start.dataDir,
    signingKeyFile: start.signingKeyFile,
    cookieSecretFile: start.cookieSecretFile,
    logger,
  });
  const store = await openConfiguredStore(start.store, clock);
  const sessions = createSessionManager({
    store,
    cookieSecret: secrets.cookieSecret,
    lifetimeMs: start.session.lifetimeMs,
    idleTimeoutMs: start.session.idleTimeoutMs,
    clock,
  });
  const signer = createAssertionSigner({
    privateKey: secrets.signingKey.privateKey,
    kid: secrets.signingKey.kid,
    issuer: start.authenticateServiceUrl,
    clock,
  });
  const tunnel = createTunnelService({
    store,
    config,
    edgePort: () => live.port,
    logger,
    clock,
    status: options.tunnelStatus,
  });
  const authorizationServer = createAuthorizationServer({
    config,
    store,
    signingKey: secrets.signingKey,
    cookieSecret: secrets.cookieSecret,
    identityOf: createIdentityLookup(store),
    logger: logger.child({ component: 'oauth' }),
    clock,
    ...(options.cimdCa === undefined ? {} : { cimdCa: options.cimdCa }),
    extraResource: (resource) => tunnel.routes.isResource(resource),
  });
  const revocations = createRevocationCache({ store, clock, logger });
  await revocations.refresh();
  revocations.start();
  const nodeId = options.nodeId ?? newNodeId();
  const metrics = createMetrics({ node: nodeId });
  metrics.setGauge('gatehouse_active_sessions', () => store.sessions.countActive(clock.now()));
  return {
    secrets,
    store,
    sessions,
    signer,
    tunnel,
    authorizationServer,
    revocations,
    metrics,
    nodeId,
  };
}
