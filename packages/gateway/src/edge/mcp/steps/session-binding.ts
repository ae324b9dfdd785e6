import { isValidSessionId } from '../../../mcp/inspect/index.ts';
import { tokenOf, type McpContext } from '../context.ts';
import { SESSION_ID_INVALID, type McpRefusal } from '../refusal.ts';

/**
 * A legacy-era `Mcp-Session-Id` must be well-formed and bound to this user on this route
 * (MCP Streamable HTTP "Session Management"; bound by the forward step when the upstream
 * creates it). Requests without one continue.
 */
export function sessionBinding(
  ctx: McpContext,
): McpRefusal | undefined | Promise<McpRefusal | undefined> {
  const sessionId = ctx.req.headers['mcp-session-id'];
  if (sessionId === undefined) return undefined;
  if (!isValidSessionId(sessionId)) return SESSION_ID_INVALID;
  return boundHere(ctx, String(sessionId));
}

async function boundHere(ctx: McpContext, sessionId: string): Promise<McpRefusal | undefined> {
  const check = await ctx.deps.bindings.check(sessionId, ctx.route.id, tokenOf(ctx).sub);
  return check === 'ok' ? undefined : { kind: 'session-not-found', check };
}
