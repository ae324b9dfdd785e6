/**
 * The gateway side of the SSH tunnel (issue 7): accounts, namespaces, key bindings and shares
 * (`TunnelAccounts`), the `/ssh/verify` page, synthesized MCP routes for
 * `<route>.<namespace>.<base_domain>`, and the Upstream that sends `tunnel:` URLs to the tunnel.
 */
export { createTunnelAccounts, type TunnelAccountsOptions } from './accounts.ts';
export { TUNNEL_ERROR_CODES } from './errors.ts';
export { accountSectionFor, registerTunnelPages, type FormWrap } from './http/register.ts';
export { createTunnelRoutes, type TunnelRoutes } from './routes.ts';
export { createTunnelService, type TunnelService, type TunnelServiceOptions } from './service.ts';
export { createSchemeUpstream } from './upstream.ts';
