import { matchPrmRequest, protectedResourceMetadata } from '../../../mcp/resource/index.ts';
import type { McpContext } from '../context.ts';
import type { McpRefusal } from '../refusal.ts';

/** RFC 9728 §3: the protected-resource metadata is served on the MCP host, without a token. */
export function resourceMetadata(ctx: McpContext): McpRefusal | undefined {
  const { method } = ctx.req;
  if ((method !== 'GET' && method !== 'HEAD') || !matchPrmRequest(ctx.prepared.path, ctx.route)) {
    return undefined;
  }
  return {
    kind: 'metadata',
    reason: 'protected-resource-metadata',
    document: protectedResourceMetadata(ctx.route, ctx.deps.issuer()),
  };
}
