import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Clock, Logger, Store } from '@gatehouse/core';
import type { AssertionSigner } from '../assertion/index.ts';
import { createAuthApp } from '../authenticate/app.ts';
import type { AuthContext } from '../authenticate/context.ts';
import type { GatewayConfig } from '../config/index.ts';
import type { OidcIdentityProvider } from '../identity/oidc/index.ts';
import type { AuthorizationServer } from '../oauth/index.ts';
import { createCsrf } from '../session/csrf.ts';
import { createRateLimiter } from '../session/rate-limit.ts';
import type { SessionManager } from '../session/sessions.ts';
import type { TunnelService } from '../tunnel-accounts/index.ts';
import type { McpTrafficInspector } from '@gatehouse/core';

export interface AuthListenerDeps {
  readonly config: () => GatewayConfig;
  readonly store: Store;
  readonly sessions: SessionManager;
  readonly cookieSecret: Buffer;
  readonly oidc: () => ReadonlyMap<string, OidcIdentityProvider>;
  readonly signer: AssertionSigner;
  readonly authorizationServer: AuthorizationServer;
  readonly tunnel: TunnelService;
  /** The MCP traffic inspector behind `/inspect` (issue 16), read per request. */
  readonly traffic: () => McpTrafficInspector | undefined;
  readonly ownRedirectUris: readonly string[];
  readonly logger: Logger;
  readonly clock: Clock;
}

/** Sign-in attempts per client IP and per account, in 15-minute windows (OWASP ASVS 2.2.1). */
const SIGN_IN_WINDOW_MS = 15 * 60_000;

/**
 * Everything on the authenticate service host: the authorization server's own endpoints
 * (oidc-provider) and our pages (sign-in, consent, account) beside them.
 */
export function createAuthListener(
  deps: AuthListenerDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { store, clock, tunnel, authorizationServer } = deps;
  const limiter = (kind: string, limit: number) =>
    createRateLimiter({ records: store.records, kind, limit, windowMs: SIGN_IN_WINDOW_MS, clock });
  const authContext: AuthContext = {
    ownRedirectUris: deps.ownRedirectUris,
    config: deps.config,
    store,
    sessions: deps.sessions,
    csrf: createCsrf(deps.cookieSecret),
    oidc: deps.oidc,
    limits: { perIp: limiter('rl-signin-ip', 30), perAccount: limiter('rl-signin-account', 10) },
    logger: deps.logger,
    clock,
    jwks: () => deps.signer.jwks(),
    authorizationServer: () => authorizationServer,
    async routeForResource(resource) {
      const configured = deps.config().routes.find((r) => r.mcpResource === resource);
      if (configured !== undefined) return configured;
      if (!URL.canParse(resource)) return undefined;
      const tunnelRoute = await tunnel.routes.resolve(new URL(resource).host);
      return tunnelRoute?.mcpResource === resource ? tunnelRoute : undefined;
    },
  };
  const authApp = getRequestListener(createAuthApp(authContext, tunnel, deps.traffic).fetch) as (
    req: IncomingMessage,
    res: ServerResponse,
  ) => void;
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if (authorizationServer.handles(req.method ?? 'GET', q === -1 ? url : url.slice(0, q)))
      authorizationServer.handle(req, res);
    else authApp(req, res);
  };
}
