import { tokenOf, type McpContext } from '../context.ts';

/**
 * Hands the policy decision, the caller and the request body to the traffic inspector (issue
 * 16), for allowed and denied calls alike; a route that is not captured costs one check.
 */
export function capture(ctx: McpContext): undefined {
  const { capture: observed, decision } = ctx;
  if (observed === undefined || decision === undefined) return undefined;
  const token = tokenOf(ctx);
  observed.observe({ body: ctx.body, user: ctx.user ?? token.sub, decision, token });
  return undefined;
}
