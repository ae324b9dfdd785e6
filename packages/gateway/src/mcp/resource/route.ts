import { GatehouseError } from '@gatehouse/core';
import type { ResolvedRoute } from '../../config/types.ts';

/** The parts of a resolved route the MCP resource side reads; all of it comes from config. */
export type McpRouteView = Pick<ResolvedRoute, 'id' | 'from' | 'mcp' | 'mcpResource'>;

export const NOT_AN_MCP_ROUTE = 'ERR_MCP_NOT_AN_MCP_ROUTE';

/** The configured MCP endpoint path (`/mcp`); throws for a route without `mcp`. */
export function mcpPathOf(route: McpRouteView): string {
  if (route.mcp === undefined) throw notMcp(route);
  return route.mcp.server.path;
}

/** The canonical MCP URL: the token audience and the PRM `resource` (RFC 9728 §3.3). */
export function mcpResourceOf(route: McpRouteView): string {
  if (route.mcpResource === undefined) throw notMcp(route);
  return route.mcpResource;
}

function notMcp(route: McpRouteView): GatehouseError {
  return new GatehouseError(NOT_AN_MCP_ROUTE, `route ${route.id} does not serve MCP`);
}
