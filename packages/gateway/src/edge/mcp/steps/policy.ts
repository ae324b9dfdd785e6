import { decide, policyInput } from '../../decide.ts';
import { tokenOf, type McpContext } from '../context.ts';

/**
 * The route's policy decides on who (the token's user, its grant as the session) and what (the
 * JSON-RPC call); the decision is acted on after the audit step has recorded it.
 */
export function policy(ctx: McpContext): undefined {
  const token = tokenOf(ctx);
  const { prepared } = ctx;
  ctx.input = policyInput(
    { req: ctx.req, host: prepared.host, path: prepared.path, ip: prepared.ip, now: ctx.now },
    {
      sessionId: `oauth:${token.grantId}`,
      userId: token.sub,
      email: token.email,
      groups: token.groups,
    },
  );
  ctx.decision = decide(ctx.route, ctx.input, ctx.mcp);
  return undefined;
}
