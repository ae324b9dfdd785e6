import type { McpContext } from '../context.ts';
import type { McpRefusal } from '../refusal.ts';

const AS_METADATA_PATH = '/.well-known/oauth-authorization-server';

/**
 * RFC 8414 metadata on the MCP host too, for clients that look for it there (the 2025-03-26
 * MCP authorization spec derived the authorization server from the MCP URL).
 */
export async function authorizationServerMetadata(
  ctx: McpContext,
): Promise<McpRefusal | undefined> {
  const { method } = ctx.req;
  if ((method !== 'GET' && method !== 'HEAD') || ctx.prepared.path !== AS_METADATA_PATH) {
    return undefined;
  }
  const as = ctx.deps.authorizationServer();
  if (as === undefined) return undefined;
  return {
    kind: 'metadata',
    reason: 'authorization-server-metadata',
    document: await as.metadata(),
  };
}
