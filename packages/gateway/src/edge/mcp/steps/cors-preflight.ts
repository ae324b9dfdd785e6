import { isAllowedOrigin } from '../../../mcp/origin-check.ts';
import type { McpContext } from '../context.ts';
import { CORS_PREFLIGHT, type McpRefusal } from '../refusal.ts';

/** An OPTIONS preflight from an allowed origin is answered before any authentication. */
export function corsPreflight(ctx: McpContext): McpRefusal | undefined {
  if (ctx.req.method !== 'OPTIONS') return undefined;
  return isAllowedOrigin(ctx.req, ctx.route.from, ctx.route.mcp?.server.allowed_origins ?? [])
    ? CORS_PREFLIGHT
    : undefined;
}
