import type { Clock, Logger, Store } from '@gatehouse/core';
import type { GatewayConfig, ResolvedRoute } from '../config/index.ts';
import type { OidcIdentityProvider } from '../identity/oidc/index.ts';
import type { AuthorizationServer } from '../oauth/index.ts';
import type { Csrf } from '../session/csrf.ts';
import type { RateLimiter } from '../session/rate-limit.ts';
import type { SessionManager } from '../session/sessions.ts';

/** What the authenticate service needs; built once by the gateway and shared by its handlers. */
export interface AuthContext {
  /** Loopback redirect URIs served by this process itself (see GatewayOptions). */
  readonly ownRedirectUris: readonly string[];
  /** The live config; changes on reload. */
  readonly config: () => GatewayConfig;
  readonly store: Store;
  readonly sessions: SessionManager;
  readonly csrf: Csrf;
  /** Upstream identity providers by id (rebuilt on reload). */
  readonly oidc: () => ReadonlyMap<string, OidcIdentityProvider>;
  readonly limits: { readonly perIp: RateLimiter; readonly perAccount: RateLimiter };
  readonly logger: Logger;
  readonly clock: Clock;
  readonly jwks: () => unknown;
  /** The OAuth authorization server for MCP clients, once started. */
  readonly authorizationServer: () => AuthorizationServer | undefined;
  /** The MCP route (configured or tunnel) whose canonical MCP URL is `resource`. */
  readonly routeForResource: (resource: string) => Promise<ResolvedRoute | undefined>;
}

export const SESSION_COOKIE = '_gatehouse_session';
export const OIDC_STATE_COOKIE = '_gatehouse_oidc';
/** Path on every route host that receives the one-time sign-in handoff. */
export const CALLBACK_PATH = '/.gatehouse/callback';
export const SIGN_OUT_PATH = '/.gatehouse/sign_out';
