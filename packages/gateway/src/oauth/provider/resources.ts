import type { GatewayConfig } from '../../config/types.ts';
import { oidcErrors, type ClientInstance, type HookContext } from './module.ts';

/** The one resource scope. Protected-resource metadata advertises `scopes_supported: ["mcp"]`. */
export const MCP_SCOPE = 'mcp';

/**
 * The only acceptable `resource` values: each MCP route's canonical URL from config (RFC 8707;
 * research §5 E2). Compared as exact strings, so a fragment, another path or another host never
 * matches. Read per request: routes change on reload.
 */
export function configuredResources(config: GatewayConfig): ReadonlySet<string> {
  const resources = new Set<string>();
  for (const route of config.routes) {
    if (route.mcpResource !== undefined) resources.add(route.mcpResource);
  }
  return resources;
}

/** Resources beyond the config's routes (the SSH tunnel's routes of existing namespaces). */
export type ExtraResource = (resource: string) => Promise<boolean>;

/** `features.resourceIndicators` for the provider. */
export function resourceIndicators(config: () => GatewayConfig, extra?: ExtraResource) {
  return {
    enabled: true,
    // Without `resource`, a lone MCP route is the obvious audience; with several, the request
    // fails rather than guessing (MCP clients must send `resource`, RFC 8707).
    defaultResource(_ctx: HookContext, _client: ClientInstance, oneOf?: readonly string[]) {
      if (oneOf !== undefined) return oneOf;
      const all = [...configuredResources(config())];
      if (all.length === 1) return all[0];
      throw new oidcErrors.InvalidTarget('resource is required: name the MCP server');
    },
    async getResourceServerInfo(_ctx: HookContext, resource: string) {
      const current = config();
      if (!configuredResources(current).has(resource) && (await extra?.(resource)) !== true) {
        throw new oidcErrors.InvalidTarget('resource is not a known MCP server');
      }
      return {
        scope: MCP_SCOPE,
        audience: resource,
        accessTokenFormat: 'jwt',
        accessTokenTTL: Math.max(1, Math.floor(current.oauth.accessTokenTtlMs / 1000)),
        jwt: { sign: { alg: 'ES256' } },
      };
    },
    useGrantedResource: () => true,
  };
}
