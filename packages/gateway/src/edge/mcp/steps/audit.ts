import type { Decision, McpInput } from '@gatehouse/policy';
import { tokenOf, type McpContext } from '../context.ts';

/**
 * Every `tools/call` decision, allowed or denied, is written to the audit log before it takes
 * effect (gateways.md M1/M3: awaited, so a failing sink stops calls rather than losing records).
 */
export function audit(ctx: McpContext): undefined | Promise<undefined> {
  const { mcp, decision } = ctx;
  if (mcp?.method !== 'tools/call' || decision === undefined) return undefined;
  return write(ctx, mcp, decision);
}

async function write(ctx: McpContext, mcp: McpInput, decision: Decision): Promise<undefined> {
  const token = tokenOf(ctx);
  await ctx.deps.audit.write({
    requestId: ctx.prepared.requestId,
    user: token.email ?? token.sub,
    client: token.clientId,
    route: ctx.route.id,
    method: mcp.method,
    tool: mcp.tool_call?.name ?? null,
    outcome: decision.outcome === 'allow' ? 'allow' : 'deny',
    reasons: decision.reasons,
    ...(ctx.route.mcp?.server.audit_arguments === true
      ? { arguments: mcp.tool_call?.arguments }
      : {}),
  });
  return undefined;
}
