import type { OutgoingHttpHeaders } from 'node:http';
import { Duplex, pipeline } from 'node:stream';
import { createToolsListFilter, isValidSessionId } from '../../mcp/inspect/index.ts';
import { mayCallTool } from '../decide.ts';
import { tokenOf, type McpContext } from './context.ts';
import { HoldUntil } from './hold-until.ts';

/** Legacy-era MCP sessions stay bound to their user and route this long after their last use. */
const SESSION_BINDING_TTL_MS = 24 * 3_600_000;

/**
 * What the upstream's answer becomes on its way back: our CORS headers, never the upstream's
 * challenge, a new `Mcp-Session-Id` bound to its user, and `tools/list` filtered.
 *
 * An answer that creates a session is held until its binding is stored: a client sends its next
 * request (`notifications/initialized`) as soon as it has read this answer, and that request must
 * find the binding, on this node or any other of a cluster. When the binding cannot be stored (an
 * upstream handing out an id another user owns, or the store failing) the answer never reaches
 * the client: its connection is cut (H14).
 */
export function transformMcpResponse(
  ctx: McpContext,
  headers: OutgoingHttpHeaders,
): { headers: OutgoingHttpHeaders; stream?: Duplex } {
  const out: OutgoingHttpHeaders = { ...headers, ...ctx.cors };
  delete out['www-authenticate']; // G10: clients must never be sent to the upstream's AS
  const created = headers['mcp-session-id'];
  const bound =
    typeof created === 'string' && isValidSessionId(created)
      ? new HoldUntil(bindSession(ctx, created))
      : undefined;
  if (ctx.mcp?.method !== 'tools/list' || ctx.rpcId === null) {
    return bound === undefined ? { headers: out } : { headers: out, stream: bound };
  }
  const filtered = filterToolsList(ctx, ctx.rpcId, headers, out);
  if (bound === undefined) return filtered;
  // Held first, filtered after: one stream to the proxy, an error in either fails both.
  pipeline(bound, filtered.stream, () => {});
  return {
    headers: filtered.headers,
    stream: Duplex.from({ writable: bound, readable: filtered.stream }),
  };
}

/** The session the upstream created belongs to this user on this route (H1/H4). */
async function bindSession(ctx: McpContext, sessionId: string): Promise<void> {
  try {
    await ctx.deps.bindings.bind(sessionId, ctx.route.id, tokenOf(ctx).sub, SESSION_BINDING_TTL_MS);
  } catch (error) {
    ctx.deps.logger.error(
      {
        requestId: ctx.prepared.requestId,
        err: { message: error instanceof Error ? error.message : String(error) },
      },
      'could not bind the MCP session; its answer is not delivered',
    );
    throw error;
  }
}

/** `tools/list` shows only the tools this user may call (ARCHITECTURE.md request flow). */
function filterToolsList(
  ctx: McpContext,
  rpcId: string | number,
  upstream: OutgoingHttpHeaders,
  out: OutgoingHttpHeaders,
): { headers: OutgoingHttpHeaders; stream: Duplex } {
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
