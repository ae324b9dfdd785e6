import { isAllowedOrigin } from '../../../mcp/origin-check.ts';
import type { McpContext } from '../context.ts';
import { ORIGIN_NOT_ALLOWED, type McpRefusal } from '../refusal.ts';

/**
 * MCP Streamable HTTP "Security Warning": the server must validate Origin (DNS rebinding). A
 * request from an allowed origin (or none) continues, and from here on every answer, refusals
 * and the proxy's 5xx included, carries the CORS headers so a browser host can read it.
 */
export function origin(ctx: McpContext): McpRefusal | undefined {
  if (!isAllowedOrigin(ctx.req, ctx.route.from, ctx.route.mcp?.server.allowed_origins ?? [])) {
    return ORIGIN_NOT_ALLOWED;
  }
  for (const name in ctx.cors) ctx.res.setHeader(name, ctx.cors[name] ?? '');
  return undefined;
}
