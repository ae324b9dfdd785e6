import type { OutgoingHttpHeaders } from 'node:http';
import type { Transform } from 'node:stream';
import { createToolsListFilter, isValidSessionId } from '../../mcp/inspect/index.ts';
import { mayCallTool } from '../decide.ts';
import { tokenOf, type McpContext } from './context.ts';

/** Legacy-era MCP sessions stay bound to their user and route this long after their last use. */
const SESSION_BINDING_TTL_MS = 24 * 3_600_000;

/**
 * What the upstream's answer becomes on its way back: our CORS headers, never the upstream's
 * challenge, a new `Mcp-Session-Id` bound to its user, and `tools/list` filtered.
 */
export function transformMcpResponse(
  ctx: McpContext,
  headers: OutgoingHttpHeaders,
): { headers: OutgoingHttpHeaders; stream?: Transform } {
  const out: OutgoingHttpHeaders = { ...headers, ...ctx.cors };
  delete out['www-authenticate']; // G10: clients must never be sent to the upstream's AS
  const created = headers['mcp-session-id'];
  if (typeof created === 'string' && isValidSessionId(created)) bindSession(ctx, created);
  if (ctx.mcp?.method !== 'tools/list' || ctx.rpcId === null) return { headers: out };
  return filterToolsList(ctx, ctx.rpcId, headers, out);
}

/** The session the upstream created belongs to this user on this route (H1/H4). */
function bindSession(ctx: McpContext, sessionId: string): void {
  ctx.deps.bindings
    .bind(sessionId, ctx.route.id, tokenOf(ctx).sub, SESSION_BINDING_TTL_MS)
    .catch((error: unknown) => {
      ctx.deps.logger.error(
        {
          requestId: ctx.prepared.requestId,
          err: { message: error instanceof Error ? error.message : String(error) },
        },
        'could not bind the MCP session',
      );
    });
}

/** `tools/list` shows only the tools this user may call (ARCHITECTURE.md request flow). */
function filterToolsList(
  ctx: McpContext,
  rpcId: string | number,
  upstream: OutgoingHttpHeaders,
  out: OutgoingHttpHeaders,
): { headers: OutgoingHttpHeaders; stream: Transform } {
  const { route, input } = ctx;
  if (input === undefined) throw new Error('the tools/list filter runs after the policy step');
  const filter = createToolsListFilter({
    id: rpcId,
    allow: (name) => mayCallTool(route, input, rpcId, name),
  });
  const contentType = upstream['content-type'];
  const encoding = upstream['content-encoding'];
  return {
    headers: filter.transformHeaders(out),
    stream: filter.createStream(
      typeof contentType === 'string' ? contentType : undefined,
      typeof encoding === 'string' ? encoding : undefined,
    ),
  };
}
