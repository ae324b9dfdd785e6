/**
 * The OAuth 2.1 authorization server for MCP clients (issue 6), on the authenticate host:
 * oidc-provider 9 with PKCE S256, refresh rotation with a reuse window, resource indicators
 * bound to the configured MCP resources, JWT access tokens, DCR and CIMD with an SSRF-guarded
 * fetch. See `server.ts` for the API and research spikes §2 for the pitfalls it handles.
 *
 * @example
 *   const as = createAuthorizationServer({ config: () => config, store, signingKey,
 *     cookieSecret, identityOf, logger });
 *   if (as.handles(req.method ?? 'GET', path)) as.handle(req, res);
 */
export { createAuthorizationServer, type AuthorizationServer } from './server.ts';
export type { AuthorizationServerOptions } from './provider/options.ts';
export type { InteractionInfo } from './interactions.ts';
export { MCP_SCOPE } from './provider/resources.ts';
export { REFRESH_REUSE_WINDOW_MS } from './provider/refresh-reuse.ts';
export { OAUTH_ERROR_CODES, type OAuthErrorCode } from './errors.ts';
