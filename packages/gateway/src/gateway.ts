import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import {
  GatehouseError,
  systemClock,
  type Clock,
  type Logger,
  type McpTrafficInspector,
  type Store,
  type TunnelAccounts,
  type TunnelStatus,
  type Upstream,
} from '@gatehouse/core';
import { createAssertionSigner } from './assertion/index.ts';
import { createAuthApp } from './auth/app.ts';
import type { AuthContext } from './auth/context.ts';
import { createSignInLink } from './auth/signin-link.ts';
import { loadOrCreateSecrets, type GatewayConfig } from './config/index.ts';
import { createEdge } from './edge/edge.ts';
import { createEdgeListeners } from './edge/listeners.ts';
import { guardRequestReads } from './edge/read-timeout.ts';
import { createIdentityLookup } from './auth/oauth/identity-of.ts';
import { createAuditLog } from './mcp/audit.ts';
import {
  createAccessTokenVerifier,
  createDpopProofVerifier,
  createDpopReplayGuard,
  createRevocationCache,
  createSessionBindings,
} from './mcp/resource/index.ts';
import { createAuthorizationServer } from './oauth/index.ts';
import { createOidcProvider, type OidcIdentityProvider } from './identity/oidc/index.ts';
import { createAdminServer } from './ops/admin-server.ts';
import { createMetrics } from './ops/metrics.ts';
import { createProxy, createStaticUpstream } from './proxy/index.ts';
import { createCsrf } from './session/csrf.ts';
import { createRateLimiter } from './session/rate-limit.ts';
import { createSessionManager } from './session/sessions.ts';
import { openSqliteStore } from './store/index.ts';
import { startPurgingExpired } from './store/purge-expired.ts';
import { createSchemeUpstream, createTunnelService } from './tunnel/index.ts';
import { setupEdgeTls, type EdgeTls } from './tls/edge-setup.ts';

export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** How upstreams are reached (default: TCP/TLS to each route's `to`). The tunnel plugs in here. */
  readonly upstream?: Upstream;
  /** E-mail of the first administrator the one-time link creates (default admin@localhost). */
  readonly adminEmail?: string;
  /** Allow http:// OIDC issuers (tests and local development only). */
  readonly allowInsecureIdentityProviders?: boolean;
  /** Extra CA certificates for fetching client metadata documents (tests, private CAs). */
  readonly cimdCa?: string | Buffer;
  /** Reaches `tunnel://<route>.<namespace>` upstreams (the SSH server); absent: they answer 503. */
  readonly tunnelUpstream?: Upstream;
  /** The SSH server's live tunnels (account page, key revocation). */
  readonly tunnelStatus?: TunnelStatus;
  /** Backoff after a failed ACME order (default 1 min doubling up to 6 h); tests shorten it. */
  readonly acmeRetry?: { readonly minMs: number; readonly maxMs: number };
  /**
   * Loopback redirect URIs of a client this same process serves (`npm start`'s dev host, whose
   * port it holds): the consent page does not warn that any program could be listening there.
   */
  readonly ownRedirectUris?: readonly string[];
  /**
   * The MCP traffic inspector the `/inspect` page reads (issue 16). Until the gateway builds its
   * own capture (src/traffic), whoever starts the gateway passes one in; absent: no `/inspect`.
   */
  readonly trafficInspector?: McpTrafficInspector;
}

export interface RunningGateway {
  /** The edge's bound port (useful with listen port 0). */
  readonly port: number;
  readonly adminPort: number | undefined;
  /** The `http_listen` listener's bound port, when set. */
  readonly httpPort: number | undefined;
  readonly store: Store;
  /** For the SSH server: sign-in, key bindings, namespaces, shares. */
  readonly tunnelAccounts: TunnelAccounts;
  /**
   * Set on a first start with no accounts: a one-time link that creates the first admin. It is a
   * secret: print it to the operator's terminal, never to a log.
   */
  readonly firstRunLink: string | undefined;
  /** Swaps in a new, already validated config (routes, policies, providers). */
  reload(config: GatewayConfig): void;
  close(): Promise<void>;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const message =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use: stop the other program or change the listen address in the config`
          : `cannot listen on ${host}:${port}: ${error.message}`;
      reject(new GatehouseError('ERR_GATEWAY_LISTEN', message, { cause: error }));
    });
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function buildOidc(
  config: GatewayConfig,
  options: GatewayOptions,
  store: Store,
  clock: Clock,
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
        store: store.records,
        clock,
        logger: options.logger.child({ idp: p.id }),
        allowInsecureRequests: options.allowInsecureIdentityProviders === true,
      }),
    );
  }
  return providers;
}

/** Starts the gateway: storage, secrets, the edge listener and (when configured) the admin listener. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  let config = options.config;
  for (const warning of config.warnings) logger.warn({ config: config.source }, warning);

  const secrets = await loadOrCreateSecrets({
    dataDir: config.dataDir,
    signingKeyFile: config.signingKeyFile,
    cookieSecretFile: config.cookieSecretFile,
    logger,
  });
  const store = await openSqliteStore(join(config.dataDir, 'gatehouse.db'), { clock });
  const sessions = createSessionManager({
    store,
    cookieSecret: secrets.cookieSecret,
    lifetimeMs: config.session.lifetimeMs,
    idleTimeoutMs: config.session.idleTimeoutMs,
    clock,
  });
  const signer = createAssertionSigner({
    privateKey: secrets.signingKey.privateKey,
    kid: secrets.signingKey.kid,
    issuer: config.authenticateServiceUrl,
    clock,
  });
  const jwksJson = JSON.stringify(signer.jwks());
  let oidc = buildOidc(config, options, store, clock);
  let port = 0; // the edge's bound port, once it listens
  const tunnel = createTunnelService({
    store,
    config: () => config,
    edgePort: () => port,
    logger,
    clock,
    status: options.tunnelStatus,
  });
  const authorizationServer = createAuthorizationServer({
    config: () => config,
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
  const metrics = createMetrics();
  metrics.setGauge('gatehouse_active_sessions', () => store.sessions.countActive(clock.now()));

  const authContext: AuthContext = {
    ownRedirectUris: options.ownRedirectUris ?? [],
    config: () => config,
    store,
    sessions,
    csrf: createCsrf(secrets.cookieSecret),
    oidc: () => oidc,
    limits: {
      perIp: createRateLimiter({
        records: store.records,
        kind: 'rl-signin-ip',
        limit: 30,
        windowMs: 15 * 60_000,
        clock,
      }),
      perAccount: createRateLimiter({
        records: store.records,
        kind: 'rl-signin-account',
        limit: 10,
        windowMs: 15 * 60_000,
        clock,
      }),
    },
    logger,
    clock,
    jwks: () => signer.jwks(),
    authorizationServer: () => authorizationServer,
    async routeForResource(resource) {
      const configured = config.routes.find((r) => r.mcpResource === resource);
      if (configured !== undefined) return configured;
      if (!URL.canParse(resource)) return undefined;
      const tunnelRoute = await tunnel.routes.resolve(new URL(resource).host);
      return tunnelRoute?.mcpResource === resource ? tunnelRoute : undefined;
    },
  };
  const authApp = getRequestListener(
    createAuthApp(authContext, tunnel, () => options.trafficInspector).fetch,
  ) as (req: IncomingMessage, res: ServerResponse) => void;
  // The authorization server's own endpoints (oidc-provider) next to our pages on the auth host.
  const authListener = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if (authorizationServer.handles(req.method ?? 'GET', q === -1 ? url : url.slice(0, q)))
      authorizationServer.handle(req, res);
    else authApp(req, res);
  };
  const proxy = createProxy({
    upstream: createSchemeUpstream(
      options.upstream ?? createStaticUpstream(),
      options.tunnelUpstream,
    ),
    logger,
  });
  const edge = createEdge({
    config: () => config,
    sessions,
    store,
    proxy,
    signer,
    metrics,
    logger,
    clock,
    authListener,
    tls: config.tls !== undefined,
    tunnelRoutes: tunnel.routes,
    authUrl: () => config.authenticateServiceUrl,
    jwksJson: () => jwksJson,
    mcp: {
      verifier: createAccessTokenVerifier({
        issuer: () => config.authenticateServiceUrl,
        jwks: () => authorizationServer.jwks(),
        revocations,
        clock,
        dpop: createDpopProofVerifier(createDpopReplayGuard(store.records)),
      }),
      bindings: createSessionBindings(store.records, clock),
      audit: createAuditLog({
        records: store.records,
        logger: logger.child({ component: 'audit' }),
        clock,
      }),
      authorizationServer: () => authorizationServer,
      issuer: () => config.authenticateServiceUrl,
      logger,
    },
  });

  let edgeTls: EdgeTls | undefined;
  if (config.tls !== undefined) {
    try {
      edgeTls = await setupEdgeTls({
        config: () => config,
        store,
        clock,
        logger,
        tunnelHost: async (name) => {
          const route =
            (await tunnel.routes.resolve(name)) ?? (await tunnel.routes.resolve(`${name}:${port}`));
          if (route === undefined) return 'unknown';
          return tunnel.routes.upstreamHost(route) === undefined ? 'exists' : 'live';
        },
        edgePort: () => port,
        ...(options.acmeRetry === undefined ? {} : { retry: options.acmeRetry }),
      });
    } catch (error) {
      revocations.stop();
      await store.close();
      throw error;
    }
    const tlsState = edgeTls;
    metrics.setGaugeFamily(
      'gatehouse_certificate_expiry_seconds',
      'Seconds until the certificate for a name expires.',
      () => tlsState.expiries().map((e) => ({ labels: [['name', e.name]], value: e.seconds })),
    );
  }
  const { server, httpServer, inFlight } = createEdgeListeners({
    edge,
    tls: edgeTls,
    withHttpListener: config.httpListen !== undefined,
    requestReadTimeoutMs: () => config.requestReadTimeoutMs,
    logger,
  });

  let admin: Server | undefined;
  let adminPort: number | undefined;
  let httpPort: number | undefined;
  const closeAll = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (httpServer !== undefined) {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    }
    if (admin !== undefined) await new Promise<void>((resolve) => admin?.close(() => resolve()));
  };
  try {
    port = await listen(server, config.listen.host, config.listen.port);
    if (httpServer !== undefined && config.httpListen !== undefined)
      httpPort = await listen(httpServer, config.httpListen.host, config.httpListen.port);
    if (config.adminListen !== undefined) {
      admin = createAdminServer({ metrics, health: () => Promise.resolve({ ok: true }) });
      guardRequestReads(admin, () => config.requestReadTimeoutMs);
      adminPort = await listen(admin, config.adminListen.host, config.adminListen.port);
    }
  } catch (error) {
    server.close();
    httpServer?.close();
    admin?.close();
    edgeTls?.close();
    await store.close();
    throw error;
  }
  edgeTls?.start();
  logger.info(
    {
      listen: `${config.listen.host}:${port}`,
      http: httpPort,
      auth: config.authenticateServiceUrl,
      routes: config.routes.length,
      admin: adminPort,
    },
    'gateway listening',
  );

  let firstRunLink: string | undefined;
  if (
    (await store.accounts.count()) === 0 &&
    config.identityProviders.some((p) => p.type === 'builtin')
  ) {
    firstRunLink = await createSignInLink(
      store.records,
      config.authenticateServiceUrl,
      { email: options.adminEmail ?? 'admin@localhost', groups: ['admin'] },
      clock.now(),
    );
  }

  const stopPurging = startPurgingExpired(store, clock, logger);

  return {
    port,
    adminPort,
    httpPort,
    store,
    tunnelAccounts: tunnel.accounts,
    firstRunLink,
    reload(next) {
      if (next.listen.host !== config.listen.host || next.listen.port !== config.listen.port) {
        logger.warn({}, 'listen address changes take effect after a restart');
      }
      for (const warning of next.warnings) logger.warn({ config: next.source }, warning);
      const nextOidc = buildOidc(next, options, store, clock);
      config = next;
      oidc = nextOidc;
      server.headersTimeout = next.requestReadTimeoutMs;
      tunnel.routes.invalidate();
      void edgeTls?.reload();
      logger.info({ routes: next.routes.length }, 'config reloaded');
    },
    async close() {
      stopPurging();
      edgeTls?.close();
      revocations.stop();
      const closed = closeAll();
      server.closeIdleConnections();
      proxy.endStreams();
      // In-flight requests get the grace period; once none is left, every connection goes
      // (a kept-alive one, or a browser's preconnected socket that never sent a request).
      const idle = setInterval(() => {
        if (inFlight() === 0) server.closeAllConnections();
        else server.closeIdleConnections();
      }, 50);
      const grace = setTimeout(() => server.closeAllConnections(), 5_000);
      grace.unref();
      await closed;
      clearInterval(idle);
      clearTimeout(grace);
      proxy.close();
      await store.close();
    },
  };
}
